package dev.leakaudit.agent.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.config.ThisJvm;
import dev.leakaudit.agent.verdict.SharedFixtures;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.format.JsonWriter;
import dev.leakaudit.format.ReportFormat;
import dev.leakaudit.format.Severity;

/** Writes the per-JVM report, schema {@code leak-audit/1}, as documented in the README. */
public final class ReportWriter {

    public static final String SCHEMA = ReportFormat.SCHEMA;

    /** What the report says about the run besides its findings. */
    public static final class RunFacts {
        final String agentVersion;
        final Map<String, String> options;
        final long startedAtMillis;
        final String selfTest;
        final Map<String, String> selfTestKinds;
        final String jfrFile;
        final OpenTimeline timeline;

        /**
         * {@code selfTest} is {@code passed} or {@code failed: why}; {@code selfTestKinds} maps each
         * instrumented kind to {@code ok} or what the self-test missed.
         */
        public RunFacts(String agentVersion, Map<String, String> options, long startedAtMillis, String selfTest,
                        Map<String, String> selfTestKinds, String jfrFile, OpenTimeline timeline) {
            this.agentVersion = agentVersion;
            this.options = options;
            this.startedAtMillis = startedAtMillis;
            this.selfTest = selfTest;
            this.selfTestKinds = selfTestKinds;
            this.jfrFile = jfrFile;
            this.timeline = timeline;
        }

        /** The agent options in force, by name. */
        public Map<String, String> options() {
            return options;
        }

        /** The record of what was open over the run, written with the report. */
        public OpenTimeline timeline() {
            return timeline;
        }
    }

    /**
     * The start-up marker: the report as begun, with {@code "endedAt": null} and nothing judged yet.
     * A JVM that dies before it replaces this (a crash, {@code Runtime.halt}, a killed fork) leaves
     * it behind, and readers count that JVM as not audited rather than as clean.
     */
    public void writeBegun(Path file, RunFacts facts) throws IOException {
        write(file, facts, List.of(), List.of(), List.of(), 0, false);
    }

    /** Writes to a temporary file and moves it into place, so a reader never sees half a report. */
    public void write(Path file, RunFacts facts, List<Finding> findings, List<TestScope> scopes) throws IOException {
        write(file, facts, findings, scopes, List.of(), 0, true);
    }

    /**
     * As {@link #write(Path, RunFacts, List, List)}, with the shared fixtures recognised in the run
     * and how many sockets and channels of the JDK's own internals were left out.
     */
    public void write(Path file, RunFacts facts, List<Finding> findings, List<TestScope> scopes,
                      List<SharedFixtures.Group> fixtures, int jdkOwnedLeftOut) throws IOException {
        write(file, facts, findings, scopes, fixtures, jdkOwnedLeftOut, true);
    }

    private void write(Path file, RunFacts facts, List<Finding> findings, List<TestScope> scopes,
                       List<SharedFixtures.Group> fixtures, int jdkOwnedLeftOut, boolean ended) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            writeDocument(new JsonWriter(out), facts, findings, scopes, fixtures, jdkOwnedLeftOut, ended);
            out.write('\n');
        }
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException atomicMoveUnsupported) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void writeDocument(JsonWriter json, RunFacts facts, List<Finding> findings, List<TestScope> scopes,
                               List<SharedFixtures.Group> fixtures, int jdkOwnedLeftOut, boolean ended)
            throws IOException {
        RunSummary summary = new RunSummary(findings, scopes);
        json.beginObject();
        json.member("schema", SCHEMA);
        json.name("agent").beginObject()
                .member("version", facts.agentVersion)
                .member("selfTest", facts.selfTest);
        json.name("options").beginObject();
        for (Map.Entry<String, String> option : facts.options.entrySet()) {
            json.member(option.getKey(), option.getValue());
        }
        json.endObject().endObject();
        json.name("selfTest").beginObject()
                .member("ok", "passed".equals(facts.selfTest));
        json.name("kinds").beginObject();
        for (Map.Entry<String, String> kind : facts.selfTestKinds.entrySet()) {
            json.member(kind.getKey(), kind.getValue());
        }
        json.endObject().endObject();
        json.name("jvm").beginObject()
                .member("version", System.getProperty("java.version"))
                .member("vendor", System.getProperty("java.vendor"))
                .member("vm", System.getProperty("java.vm.name"))
                .member("pid", ThisJvm.pid())
                .member("command", ThisJvm.command())
                .endObject();
        json.member("startedAt", UtcTime.iso(facts.startedAtMillis));
        json.member("endedAt", ended ? UtcTime.iso(System.currentTimeMillis()) : null);
        json.member("jfr", facts.jfrFile);
        json.name("summary").beginObject()
                .member("findings", summary.findings())
                .member("leaks", summary.leaks())
                .member("warnings", summary.warnings())
                .member("notes", summary.notes())
                .member("testsSeen", summary.testsSeen())
                .member("testsAffected", summary.testsAffected())
                .member("fromFailedTests", summary.fromFailedTests())
                .member("sharedFixtures", SharedFixtures.total(fixtures))
                .member("jdkOwnedLeftOut", jdkOwnedLeftOut);
        writeCounts(json, "byKind", summary.byKind());
        writeCounts(json, "notesByKind", summary.notesByKind());
        json.endObject();
        List<Finding> notes = new ArrayList<>();
        json.name("findings").beginArray();
        for (Finding finding : bySeverity(findings)) {
            if (finding.severity() == Severity.NOTE) {
                notes.add(finding);
            } else {
                writeFinding(json, finding);
            }
        }
        json.endArray();
        writeNotes(json, NoteGroups.of(notes));
        writeSharedFixtures(json, fixtures);
        if (ended && facts.timeline != null) {
            json.name("timeline");
            facts.timeline.write(json, System.currentTimeMillis());
        }
        json.name("tests").beginArray();
        for (TestScope scope : scopes) {
            json.beginObject()
                    .member("test", scope.name())
                    .member("level", scope.level() == TestScope.Level.TEST ? "test" : "class")
                    .member("displayName", scope.displayName())
                    .member("uniqueId", scope.uniqueId())
                    .member("status", scope.status())
                    .member("findings", scope.findingCount())
                    .member("notes", scope.noteCount())
                    .endObject();
        }
        json.endArray();
        json.endObject();
    }

    private static void writeCounts(JsonWriter json, String name, Map<String, Integer> counts) throws IOException {
        json.name(name).beginObject();
        for (Map.Entry<String, Integer> kind : counts.entrySet()) {
            json.member(kind.getKey(), kind.getValue());
        }
        json.endObject();
    }

    /** Leaks first, then warnings (and notes, which go to their own groups); stable within a severity. */
    /** A class, not a lambda: no invokedynamic bootstrap in every JVM's start marker. */
    private static final Comparator<Finding> BY_SEVERITY = new Comparator<>() {
        @Override
        public int compare(Finding a, Finding b) {
            return Integer.compare(a.severity().ordinal(), b.severity().ordinal());
        }
    };

    private static List<Finding> bySeverity(List<Finding> findings) {
        List<Finding> ordered = new ArrayList<>(findings);
        if (ordered.size() > 1) {
            ordered.sort(BY_SEVERITY);
        }
        return ordered;
    }

    /** Notes, one group per kind, creation site and resource class, with a count per test. */
    private static void writeNotes(JsonWriter json, List<NoteGroups.Group> groups) throws IOException {
        json.name("notes").beginArray();
        for (NoteGroups.Group group : groups) {
            Finding example = group.example;
            json.beginObject()
                    .member("kind", example.kind())
                    .member("severity", example.severity().reportName())
                    .member("resource", example.resourceClass())
                    .member("site", example.site())
                    .member("stackId", StackFrames.stackId(example.stack()))
                    .member("stack", example.stack())
                    .member("message", example.message());
            if (example.firstCloseStack() != null) {
                json.member("firstClose", example.firstCloseStack()).member("secondClose", example.secondCloseStack());
            }
            if (example.owner() != null) {
                json.member("owner", example.owner());
            }
            json.member("count", group.count);
            json.name("tests").beginArray();
            for (Map.Entry<String, Integer> test : group.byTest.entrySet()) {
                json.beginObject().member("test", test.getKey()).member("count", test.getValue()).endObject();
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();
    }

    /** What the run kept on purpose (not findings): one entry per kind and creation site. */
    private static void writeSharedFixtures(JsonWriter json, List<SharedFixtures.Group> fixtures) throws IOException {
        json.name("sharedFixtures").beginArray();
        for (SharedFixtures.Group group : fixtures) {
            json.beginObject()
                    .member("kind", group.kind)
                    .member("resource", group.resourceClass)
                    .member("site", group.site)
                    .member("count", group.count())
                    .member("startedBy", group.startedBy)
                    .member("why", group.heldBy)
                    .endObject();
        }
        json.endArray();
    }

    private static void writeFinding(JsonWriter json, Finding finding) throws IOException {
        Attribution attribution = finding.attribution();
        TestScope scope = attribution.scope();
        json.beginObject()
                .member("kind", finding.kind())
                .member("severity", finding.severity().reportName())
                .member("resource", finding.resourceClass())
                .member("resourceId", finding.resourceId())
                .member("test", scope == null ? null : scope.name())
                .member("displayName", scope == null ? null : scope.displayName())
                .member("testStatus", scope == null ? null : scope.status())
                .member("attribution", attribution.label());
        if (attribution.uncertain()) {
            json.member("candidates", attribution.candidates());
        }
        json.member("thread", finding.threadName())
                .member("threadId", finding.threadId())
                .member("virtualThread", finding.virtualThread())
                .member("openedAt", UtcTime.iso(finding.openedAtMillis()))
                .member("site", finding.site())
                .member("stackId", StackFrames.stackId(finding.stack()))
                .member("stack", finding.stack())
                .member("message", finding.message());
        if (finding.localAddress() != null || finding.remoteAddress() != null) {
            json.member("localAddress", finding.localAddress()).member("remoteAddress", finding.remoteAddress());
        }
        if (finding.collected()) {
            json.member("collected", true);
        }
        if (finding.currentStack() != null) {
            json.member("currentStack", finding.currentStack());
        }
        if (finding.firstCloseStack() != null) {
            json.member("firstClose", finding.firstCloseStack()).member("secondClose", finding.secondCloseStack());
        }
        if (finding.owner() != null) {
            json.member("owner", finding.owner());
        }
        if (finding.path() != null) {
            json.member("path", finding.path());
        }
        if (finding.command() != null) {
            json.member("command", finding.command());
        }
        if (finding.referencePath() != null) {
            json.member("referencePath", finding.referencePath());
        }
        if (finding.bytes() > 0) {
            json.member("bytes", finding.bytes());
        }
        if (finding.allocator() != null) {
            json.member("allocator", finding.allocator());
        }
        if (finding.touches() != null) {
            json.member("touches", finding.touches());
        }
        json.endObject();
    }
}
