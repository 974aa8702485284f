package dev.leakaudit.maven;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.maven.plugin.MojoExecutionException;

import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.reports.check.Gate;

/** check's failOn and maximums as the reports' gate, each value checked with a line naming its parameter. */
final class GateParameters {

    private static final List<String> SEVERITIES = List.of("leak", "warning", "never");

    private GateParameters() {
    }

    static Gate gate(String failOn, Map<String, String> maximums) throws MojoExecutionException {
        String severity = failOn == null ? "leak" : failOn.trim().toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            throw ParameterError.of("failOn", "'" + failOn + "' is not one of leak, warning, never");
        }
        Map<String, Integer> limits = new TreeMap<>();
        if (maximums != null) {
            for (Map.Entry<String, String> entry : maximums.entrySet()) {
                String kind = entry.getKey().trim();
                if (!Exclusions.KINDS.contains(kind)) {
                    throw ParameterError.of("maximums", "<" + kind + "> is not a kind of finding (kinds: "
                            + String.join(", ", Exclusions.KINDS) + ")");
                }
                limits.put(kind, count(kind, entry.getValue()));
            }
        }
        return new Gate(severity, limits);
    }

    private static int count(String kind, String value) throws MojoExecutionException {
        try {
            int limit = Integer.parseInt(value == null ? "" : value.trim());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ParameterError.of("maximums", "<" + kind + ">" + value + "</" + kind + "> is not a whole number of 0 or more");
    }
}
