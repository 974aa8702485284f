package dev.leakaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One audited JVM in a merged run (JaCoCo's session idea): which report, which process, when,
 * and whether it finished. A JVM that started but never completed its report is {@code crashed}:
 * not audited, never clean.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Session(String file, String status, Long pid, String startedAt, String endedAt, String selfTest,
                      String jvm, String reason, String jfr, Report report) {

    public static final String COMPLETE = "complete";
    public static final String CRASHED = "crashed";

    public static Session complete(String file, Report report, String jfrPath) {
        return new Session(file, COMPLETE, report.jvm() == null ? null : report.jvm().pid(), report.startedAt(),
                report.endedAt(), report.agent() == null ? null : report.agent().selfTest(), jvmLabel(report),
                null, jfrPath, report);
    }

    /** A report that was begun (or a recording that exists) but never completed. */
    public static Session crashed(String file, Long pid, String reason, Report partial, String jfrPath) {
        return new Session(file, CRASHED, pid != null ? pid : partial == null || partial.jvm() == null ? null
                : partial.jvm().pid(), partial == null ? null : partial.startedAt(), null,
                partial == null || partial.agent() == null ? null : partial.agent().selfTest(),
                partial == null ? null : jvmLabel(partial), reason, jfrPath, partial);
    }

    @JsonIgnore
    public boolean crashed() {
        return CRASHED.equals(status);
    }

    @JsonIgnore
    public boolean selfTestFailed() {
        return selfTest != null && !selfTest.equals("passed");
    }

    private static String jvmLabel(Report report) {
        if (report.jvm() == null) {
            return null;
        }
        return "Java " + report.jvm().version() + " (" + report.jvm().vendor() + ")";
    }
}
