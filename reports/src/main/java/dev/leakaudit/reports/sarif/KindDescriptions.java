package dev.leakaudit.reports.sarif;

import dev.leakaudit.format.Kind;
import dev.leakaudit.format.Kinds;

/** A short and a full description of every finding kind, as SARIF rules show them: the format's catalog. */
public final class KindDescriptions {

    public record Description(String name, String shortText, String fullText) {
    }

    private KindDescriptions() {
    }

    /** The catalog's texts; a kind this version does not know (a newer agent's) gets generic ones. */
    public static Description of(String kind) {
        Kind known = Kinds.of(kind);
        return known != null ? new Description(known.ruleName(), known.shortText(), known.fullText())
                : new Description("Finding-" + kind, "leak-audit finding: " + kind, "A leak-audit finding of kind " + kind + ".");
    }
}
