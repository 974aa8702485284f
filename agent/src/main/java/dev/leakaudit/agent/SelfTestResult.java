package dev.leakaudit.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the start-up self-test found, per instrumented kind: {@code ok}, or what instrumentation
 * missed. A kind that failed is not audited in this JVM, and the report must say so.
 */
public final class SelfTestResult {

    static final String OK = "ok";

    private final Map<String, String> kinds = new LinkedHashMap<>();

    void put(String kind, String outcome) {
        kinds.put(kind, outcome);
    }

    public boolean ok() {
        for (String outcome : kinds.values()) {
            if (!OK.equals(outcome)) {
                return false;
            }
        }
        return true;
    }

    /** Kind to {@code ok} or what was missed, in probe order. */
    public Map<String, String> kinds() {
        return Collections.unmodifiableMap(kinds);
    }

    /** Kinds that failed and why, e.g. {@code timer (instrumentation saw 0 of 2 schedules)}. */
    public String problems() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> kind : kinds.entrySet()) {
            if (!OK.equals(kind.getValue())) {
                text.append(text.length() == 0 ? "" : "; ").append(kind.getKey()).append(" (").append(kind.getValue())
                        .append(')');
            }
        }
        return text.toString();
    }

    /** The report's {@code agent.selfTest}: {@code passed}, or {@code failed: auditing was off for ...}. */
    public String summary() {
        return ok() ? "passed" : "failed: auditing was off for " + problems();
    }
}
