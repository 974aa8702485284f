package dev.leakaudit.format;

/**
 * How much a finding matters, worst first: a leak fails a build; a warning fails it at
 * {@code --fail-on warning}; a note is shown, counted apart, and never fails anything.
 */
public enum Severity {
    LEAK("leak"), WARNING("warning"), NOTE("note");

    private final String reportName;

    Severity(String reportName) {
        this.reportName = reportName;
    }

    /** As the report writes it. */
    public String reportName() {
        return reportName;
    }

    /** The severity the report names so, or null. */
    public static Severity named(String name) {
        for (Severity severity : values()) {
            if (severity.reportName.equals(name)) {
                return severity;
            }
        }
        return null;
    }
}
