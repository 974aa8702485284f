package dev.leakaudit.reports.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Reads {@code leak-audit/1} reports; anything else is a {@link BadInputException} with one clear line. */
public final class ReportReader {

    private static final Set<String> SEVERITIES = Set.of(Finding.LEAK, Finding.WARNING, Finding.NOTE);

    /**
     * Shared, configured once: tolerant of fields added by a newer agent, strict about types. (The
     * model carries no per-class leniency, so {@link #STRICT} can prove it knows every field.)
     */
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The same, failing on any field the model does not know: for contract tests against the agent's output. */
    public static final ObjectMapper STRICT = JSON.copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The document as a tree, or one line saying why it cannot be read. */
    public static JsonNode readTree(Path file) throws BadInputException {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject()) {
                throw new BadInputException(file + " is not a JSON object");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ": "
                    + firstClause(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String firstClause(String message) {
        int cut = message == null ? -1 : message.indexOf(" (start marker");
        return cut < 0 ? String.valueOf(message) : message.substring(0, cut);
    }

    public Report read(Path file) throws BadInputException {
        return fromTree(file, readTree(file));
    }

    public Report fromTree(Path file, JsonNode root) throws BadInputException {
        String schema = root.path("schema").asText("");
        if (!Report.SCHEMA.equals(schema)) {
            throw new BadInputException(file + " is not a " + Report.SCHEMA + " report (schema: "
                    + (schema.isEmpty() ? "none" : "'" + schema + "'") + ")");
        }
        Report report;
        try {
            report = JSON.treeToValue(root, Report.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BadInputException(file + " does not follow " + Report.SCHEMA + ": "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        int index = 0;
        for (Finding finding : report.findings()) {
            if (finding.kind() == null || finding.kind().isBlank()) {
                throw new BadInputException(file + ": finding " + index + " has no kind");
            }
            if (!SEVERITIES.contains(finding.severity())) {
                throw new BadInputException(file + ": finding " + index + " has severity '" + finding.severity()
                        + "', not leak, warning or note");
            }
            index++;
        }
        return withNotesGrouped(report);
    }

    /** An older agent wrote each note as a finding: those become note groups, as today's agent writes them. */
    private static Report withNotesGrouped(Report report) {
        if (report.findings().stream().noneMatch(Finding::isNote)) {
            return report;
        }
        List<Finding> findings = new ArrayList<>();
        List<NoteGroup> notes = new ArrayList<>(report.notes());
        for (Finding finding : report.findings()) {
            if (finding.isNote()) {
                notes.add(NoteGroup.of(finding));
            } else {
                findings.add(finding);
            }
        }
        return new Report(report.schema(), report.agent(), report.selfTest(), report.jvm(), report.startedAt(),
                report.endedAt(), report.jfr(), report.summary(), findings, NoteGroup.merged(notes),
                report.sharedFixtures(), report.timeline(), notesCountedApart(report));
    }

    /** An older agent counted a test's notes among its findings: they are moved to its notes. */
    private static List<TestRecord> notesCountedApart(Report report) {
        List<TestRecord> tests = new ArrayList<>(report.tests());
        for (Finding note : report.findings()) {
            if (!note.isNote() || note.test() == null) {
                continue;
            }
            for (int i = 0; i < tests.size(); i++) {
                TestRecord test = tests.get(i);
                if (test.test().equals(note.test()) && test.findings() > 0
                        && (note.displayName() == null || note.displayName().equals(test.displayName()))) {
                    tests.set(i, new TestRecord(test.test(), test.level(), test.displayName(), test.uniqueId(),
                            test.status(), test.findings() - 1, (test.notes() == null ? 0 : test.notes()) + 1));
                    break;
                }
            }
        }
        return tests;
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report model always serialises", e);
        }
    }
}
