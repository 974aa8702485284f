package dev.leakaudit.reports.merge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.leakaudit.reports.model.BadInputException;
import dev.leakaudit.reports.model.Report;
import dev.leakaudit.reports.model.ReportReader;
import dev.leakaudit.reports.model.Session;

/**
 * Turns the files a user names (report files, merged files, or folders searched for
 * {@code leak-report-*}) into one {@link MergedRun}. A folder's {@code .json.partial} or
 * {@code .jfr} without a finished {@code .json}, a {@code .crashed} note from scripts/leak-audit's
 * launcher (the JVM ended without writing its report), and a report without an end time are JVMs
 * that started but never completed: crashed, not audited.
 */
public final class RunReader {

    private static final Pattern REPORT_NAME = Pattern.compile("leak-report-(\\d+)-[^.]*");
    private static final int MAX_DEPTH = 12;

    private final ReportReader reports = new ReportReader();

    public MergedRun read(List<Path> inputs) throws BadInputException {
        if (inputs.isEmpty()) {
            throw new BadInputException("name at least one report file or folder");
        }
        List<Session> sessions = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                sessions.addAll(readFolder(input));
            } else if (Files.isRegularFile(input)) {
                sessions.addAll(readFile(input));
            } else {
                throw new BadInputException(input + " does not exist");
            }
        }
        return MergedRun.of(sessions);
    }

    private List<Session> readFile(Path file) throws BadInputException {
        JsonNode root = ReportReader.readTree(file);
        if (MergedRun.SCHEMA.equals(root.path("schema").asText())) {
            try {
                return ReportReader.JSON.treeToValue(root, MergedRun.class).sessions();
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new BadInputException(file + " does not follow " + MergedRun.SCHEMA + ": " + e.getMessage());
            }
        }
        Report report = reports.fromTree(file, root);
        Path jfr = jfrOf(file, report);
        return List.of(sessionOf(file.getFileName().toString(), report, jfr));
    }

    private Session sessionOf(String name, Report report, Path jfr) {
        String jfrPath = jfr == null ? null : jfr.toString();
        if (report.endedAt() == null || report.endedAt().isBlank()) {
            return Session.crashed(name, pidOf(name), "its report was begun but never completed", report, jfrPath);
        }
        return Session.complete(name, report, jfrPath);
    }

    private static Path jfrOf(Path reportFile, Report report) {
        if (report.jfr() == null || report.jfr().isBlank()) {
            return null;
        }
        Path jfr = reportFile.resolveSibling(report.jfr());
        return Files.isRegularFile(jfr) ? jfr : null;
    }

    private List<Session> readFolder(Path folder) throws BadInputException {
        Map<String, Path> json = new TreeMap<>();
        Map<String, Path> traces = new TreeMap<>();
        List<Path> launcherNotes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder, MAX_DEPTH)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = file.getFileName().toString();
                if (!name.startsWith("leak-report-")) {
                    continue;
                }
                if (name.endsWith(".json")) {
                    json.put(key(file, ".json"), file);
                } else if (name.endsWith(".json.partial")) {
                    traces.putIfAbsent(key(file, ".json.partial"), file);
                } else if (name.endsWith(".jfr")) {
                    traces.put(key(file, ".jfr"), file);
                } else if (name.endsWith(".crashed")) {
                    launcherNotes.add(file);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException("cannot read folder " + folder + ": " + e.getMessage());
        }
        if (json.isEmpty() && traces.isEmpty() && launcherNotes.isEmpty()) {
            throw new BadInputException("no leak-report-*.json in " + folder
                    + " (was the agent attached with -javaagent?)");
        }
        List<Session> sessions = new ArrayList<>();
        Map<String, Session> begun = new TreeMap<>();
        for (Map.Entry<String, Path> entry : json.entrySet()) {
            Report report = reports.read(entry.getValue());
            Session session = sessionOf(entry.getValue().getFileName().toString(), report, jfrOf(entry.getValue(), report));
            if (session.crashed()) {
                begun.put(processKey(entry.getValue()), session);
            } else {
                sessions.add(session);
            }
        }
        // One crashed session per process: the launcher's note (it knows the exit status) before the
        // traces the JVM itself left (an empty recording, a begun report); a begun report still
        // gives the session its start, self-test and JVM.
        Map<String, Session> crashed = new TreeMap<>();
        for (Path note : launcherNotes) {
            String name = note.getFileName().toString();
            String reason = "the JVM " + firstLine(note);
            Session started = begun.remove(processKey(note));
            crashed.put(processKey(note), started == null ? Session.crashed(name, pidOf(name), reason, null, null)
                    : Session.crashed(started.file(), started.pid(), reason, started.report(), started.jfr()));
        }
        crashed.putAll(begun);
        for (Map.Entry<String, Path> entry : traces.entrySet()) {
            Path trace = entry.getValue();
            if (!json.containsKey(entry.getKey())) {
                String name = trace.getFileName().toString();
                crashed.putIfAbsent(processKey(trace), Session.crashed(name, pidOf(name), "the JVM started under the "
                        + "agent but never wrote its report", null, name.endsWith(".jfr") && size(trace) > 0
                        ? trace.toString() : null));
            }
        }
        sessions.addAll(crashed.values());
        return sessions;
    }

    /** What scripts/leak-audit's launcher wrote about a JVM that ended without its report. */
    private static String firstLine(Path note) {
        try {
            String text = Files.readString(note).strip();
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            return line.isEmpty() ? "ended before it wrote its report" : line.substring(0, Math.min(200, line.length()));
        } catch (IOException e) {
            return "ended before it wrote its report";
        }
    }

    /** The folder and pid of a leak-report-PID-... file: one process, whatever it left behind. */
    private static String processKey(Path file) {
        Long pid = pidOf(file.getFileName().toString());
        return file.getParent() + "/" + (pid == null ? file.getFileName().toString() : pid.toString());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String key(Path file, String suffix) {
        String path = file.toString();
        return path.substring(0, path.length() - suffix.length());
    }

    static Long pidOf(String fileName) {
        Matcher matcher = REPORT_NAME.matcher(fileName);
        return matcher.lookingAt() ? Long.valueOf(matcher.group(1)) : null;
    }
}
