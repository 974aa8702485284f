package dev.leakaudit.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads every {@code leak-report-*.json} that the agent wrote (one per JVM), prints each finding
 * and a total, and exits non-zero when there are findings at or above the chosen severity:
 * {@code java -jar leak-audit-reports.jar [--fail-on leak|warning|never] DIR_OR_FILE...}.
 */
public final class ReportCheck {

    static final int CLEAN = 0;
    static final int FINDINGS = 1;
    static final int BAD_INPUT = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String failOn = "leak";
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--fail-on")) {
                if (i + 1 >= args.length) {
                    err.println("leak-audit check: --fail-on needs a value: leak, warning or never");
                    return BAD_INPUT;
                }
                failOn = args[++i].toLowerCase(Locale.ROOT);
                if (!List.of("leak", "warning", "never").contains(failOn)) {
                    err.println("leak-audit check: --fail-on must be leak, warning or never, not '" + args[i] + "'");
                    return BAD_INPUT;
                }
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println("usage: leak-audit check [--fail-on leak|warning|never] DIR_OR_REPORT...");
                return CLEAN;
            } else if (args[i].startsWith("-")) {
                err.println("leak-audit check: unknown option '" + args[i] + "'");
                return BAD_INPUT;
            } else {
                inputs.add(Paths.get(args[i]));
            }
        }
        if (inputs.isEmpty()) {
            err.println("leak-audit check: name at least one report folder or file");
            return BAD_INPUT;
        }
        List<Path> reports = new ArrayList<>();
        for (Path input : inputs) {
            try {
                reports.addAll(reportsIn(input));
            } catch (IOException e) {
                err.println("leak-audit check: cannot read " + input + ": " + e.getMessage());
                return BAD_INPUT;
            }
        }
        if (reports.isEmpty()) {
            err.println("leak-audit check: no leak-report-*.json in " + inputs
                    + " (was the agent attached with -javaagent?)");
            return BAD_INPUT;
        }
        int leaks = 0;
        int warnings = 0;
        for (Path report : reports) {
            JsonNode root;
            try {
                root = JSON.readTree(report.toFile());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                err.println("leak-audit check: " + report + " is not valid JSON: " + e.getOriginalMessage());
                return BAD_INPUT;
            } catch (IOException e) {
                err.println("leak-audit check: cannot read " + report + ": " + e.getMessage());
                return BAD_INPUT;
            }
            if (root == null || !"leak-audit/1".equals(root.path("schema").asText())) {
                err.println("leak-audit check: " + report + " is not a leak-audit/1 report");
                return BAD_INPUT;
            }
            for (JsonNode finding : root.path("findings")) {
                boolean leak = "leak".equals(finding.path("severity").asText());
                if (leak) {
                    leaks++;
                } else {
                    warnings++;
                }
                out.println((leak ? "LEAK    " : "WARNING ") + finding.path("kind").asText() + " in "
                        + (finding.path("test").isNull() ? "(no test)" : finding.path("test").asText()) + ": "
                        + finding.path("message").asText());
            }
        }
        out.println("leak-audit: " + leaks + (leaks == 1 ? " leak" : " leaks") + ", " + warnings
                + (warnings == 1 ? " warning" : " warnings") + " in " + reports.size()
                + (reports.size() == 1 ? " report" : " reports"));
        boolean fail = failOn.equals("leak") ? leaks > 0 : failOn.equals("warning") && leaks + warnings > 0;
        return fail ? FINDINGS : CLEAN;
    }

    private static List<Path> reportsIn(Path input) throws IOException {
        if (!Files.exists(input)) {
            throw new IOException("no such file or folder");
        }
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        try (Stream<Path> listing = Files.list(input)) {
            return listing.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("leak-report-") && name.endsWith(".json");
            }).sorted().toList();
        }
    }
}
