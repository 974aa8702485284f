package dev.leakaudit.format;

/**
 * One kind of finding, as everything that shows it names it: its id in the report ({@code kind}),
 * the noun a message uses, its severity, its SARIF rule and texts, and its colour on the page.
 */
public final class Kind {

    private final String id;
    private final String noun;
    private final Severity severity;
    private final String ruleName;
    private final String shortText;
    private final String fullText;
    private final String colour;

    Kind(String id, String noun, Severity severity, String ruleName, String shortText, String fullText, String colour) {
        this.id = id;
        this.noun = noun;
        this.severity = severity;
        this.ruleName = ruleName;
        this.shortText = shortText;
        this.fullText = fullText;
        this.colour = colour;
    }

    /** As the report's {@code kind} field and a {@code kind@prefix} exclude name it, e.g. {@code server-socket}. */
    public String id() {
        return id;
    }

    /** How a message names one, e.g. "server socket". */
    public String noun() {
        return noun;
    }

    public Severity severity() {
        return severity;
    }

    /** The SARIF rule's name, e.g. {@code ServerSocketLeak}. */
    public String ruleName() {
        return ruleName;
    }

    public String shortText() {
        return shortText;
    }

    public String fullText() {
        return fullText;
    }

    /** The page's colour for it, {@code #rrggbb}. */
    public String colour() {
        return colour;
    }

    @Override
    public String toString() {
        return id;
    }
}
