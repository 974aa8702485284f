package dev.leakaudit.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.bootstrap.TestEventBridge;
import dev.leakaudit.agent.config.AgentOptions;
import dev.leakaudit.agent.config.Diagnostics;
import dev.leakaudit.agent.config.ThisJvm;
import dev.leakaudit.agent.events.AgentRecording;
import dev.leakaudit.agent.events.AuditEvents;
import dev.leakaudit.agent.events.FlightRecorderStartup;
import dev.leakaudit.agent.heap.LoadedClasses;
import dev.leakaudit.agent.instrument.AdviceCache;
import dev.leakaudit.agent.instrument.InstallLog;
import dev.leakaudit.agent.instrument.Instrumentations;
import dev.leakaudit.agent.junit.ListenerRegistration;
import dev.leakaudit.agent.junit.RuntimeTestEvents;
import dev.leakaudit.agent.junit.TestRun;
import dev.leakaudit.agent.kinds.AgentKinds;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.kinds.KindSelfTest;
import dev.leakaudit.agent.kinds.LeakKind;
import dev.leakaudit.agent.ledger.ReentrancyGuard;
import dev.leakaudit.agent.report.OpenTimeline;
import dev.leakaudit.agent.report.ReportPage;
import dev.leakaudit.agent.report.ReportWriter;
import dev.leakaudit.agent.report.RunSummary;
import dev.leakaudit.agent.stacks.CallSites;
import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.FindingLog;
import dev.leakaudit.agent.verdict.JdkOwnership;
import dev.leakaudit.agent.verdict.LeakJudge;
import dev.leakaudit.agent.verdict.ProcessWidePrefixes;
import dev.leakaudit.agent.verdict.SharedFixtures;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * The running agent: wires ledger, attribution, judge, events and report together, and is what
 * the JUnit Platform listener talks to. One per JVM.
 */
public final class AgentRuntime implements TestRun {

    private static volatile AgentRuntime current;

    private final ReportWriter.RunFacts facts;
    private final TestScopes scopes;
    private final LeakJudge judge;
    private final FindingLog log;
    private final Path reportFile;
    private final PrintStream console;
    private final ListenerRegistration listeners;
    private final Instrumentation instrumentation;
    private String lastWritten; // what the last report written showed (see finish); guarded by this

    private AgentRuntime(ReportWriter.RunFacts facts, TestScopes scopes, LeakJudge judge, FindingLog log,
                         Path reportFile, PrintStream console, ListenerRegistration listeners,
                         Instrumentation instrumentation) {
        this.facts = facts;
        this.scopes = scopes;
        this.judge = judge;
        this.log = log;
        this.reportFile = reportFile;
        this.console = console;
        this.listeners = listeners;
        this.instrumentation = instrumentation;
    }

    /** The agent of this JVM, if one was attached and started. */
    public static Optional<AgentRuntime> current() {
        return Optional.ofNullable(current);
    }

    /** Called by {@link LeakAuditAgent} once the bridge is on the bootstrap class path. */
    public static void start(AgentOptions options, Instrumentation instrumentation) throws IOException {
        long startedAt = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        PrintStream console = summaryStream();
        String baseName = "leak-report-" + ThisJvm.pid() + "-" + Long.toString(startedAt, 36);
        FlightRecorderStartup jfr = flightRecorderAvailable()
                ? FlightRecorderStartup.begin(options.jfr() ? options.destdir().resolve(baseName + ".jfr") : null,
                        options.fullStacks())
                : null;
        OpenTimeline timeline = new OpenTimeline(startedAt);
        AuditEvents events = AuditEvents.both(jfr == null ? AuditEvents.NONE : jfr.events(), timeline);
        TestScopes scopes = new TestScopes();
        Exclusions exclusions = new Exclusions(options.excludes());
        FindingLog log = new FindingLog(events, exclusions);
        FindingContext findings = new FindingContext(new StackFrames(options.stackDepth()), exclusions,
                options.lingerMillis(), new JdkOwnership(options.reportJdkOwned()));
        CallSites sites = new CallSites(options.fullStacks() ? CallSites.Mode.FULL : CallSites.Mode.SITE);
        LeakJudge judge = new LeakJudge(findings, log, options.lingerMillis());
        judge.recogniseFixturesWith(new SharedFixtures(scopes, options.list(AgentOptions.FIXTURES),
                new ProcessWidePrefixes(options.list(AgentOptions.PROCESS_WIDE))::matching));
        Path reportFile = options.destdir().resolve(baseName + ".json");
        long prepared = System.nanoTime();

        List<LeakKind> kinds = AgentKinds.all();
        KindContext context = new KindContext(options, scopes, judge, sites, findings, log, events);
        for (LeakKind kind : kinds) {
            kind.start(context);
        }
        AdviceCache cache = options.adviceCache() == null ? AdviceCache.off() : AdviceCache.in(options.adviceCache().toFile());
        InstallLog installed = Instrumentations.install(instrumentation, kinds, cache);
        long instrumented = System.nanoTime();
        AgentRecording recording = jfr == null ? null : jfr.awaitRecording(); // started beside the install
        long recorded = System.nanoTime();
        boolean provenBefore = cache.provenBefore(installed.planRecipe());
        SelfTestResult selfTest = SelfTest.run(kinds, new KindSelfTest(installed.transformedTypes(), provenBefore));
        if (selfTest.ok() && installed.diagnostics().isEmpty() && !provenBefore) {
            cache.recordProven(installed.planRecipe());
        }
        if (Diagnostics.TIMING) {
            System.err.println("[leak-audit] timing: start " + (prepared - startNanos) / 1_000_000 + " ms to prepare, "
                    + (instrumented - prepared) / 1_000_000 + " ms to instrument, then " + (recorded - instrumented) / 1_000_000
                    + " ms more for JFR (recording " + (options.jfr() ? "on" : "off") + ", started beside the install), "
                    + (System.nanoTime() - recorded) / 1_000_000 + " ms self-test");
        }
        if (!selfTest.ok()) {
            System.err.println("[leak-audit] self-test failed on Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vendor") + "): auditing is off for " + selfTest.problems()
                    + (installed.diagnostics().isEmpty() ? "" : "; instrumentation errors: " + installed.diagnostics())
                    + ". Leaks of those kinds will not be found in this JVM, and the report says so.");
        } else if (!installed.diagnostics().isEmpty()) {
            System.err.println("[leak-audit] instrumentation errors (the checks they serve are off): "
                    + installed.diagnostics());
        }

        LoadedClasses.use(instrumentation); // roots of retained objects' reference paths
        ListenerRegistration listeners = new ListenerRegistration(instrumentation);
        ReportWriter.RunFacts facts = new ReportWriter.RunFacts(agentVersion(), options.inForce(), startedAt,
                selfTest.summary(), selfTest.kinds(), recording == null ? null : recording.file().getFileName().toString(),
                timeline);
        AgentRuntime runtime = new AgentRuntime(facts, scopes, judge, log, reportFile, console, listeners,
                instrumentation);
        current = runtime;
        runtime.writeStartMarker();
        TestEventBridge.install(new RuntimeTestEvents(runtime, listeners));
        Thread hook = new Thread(runtime::finishAtExit, "leak-audit-report");
        hook.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Standard output, taken before test runners replace it; but a Surefire or Failsafe fork talks
     * to Maven over its standard output, where a line of ours would corrupt the channel, while its
     * standard error is shown as it is.
     */
    private static PrintStream summaryStream() {
        String command = System.getProperty("sun.java.command", "");
        return command.contains("org.apache.maven.surefire.booter.ForkedBooter") || command.contains("surefirebooter")
                ? System.err : System.out;
    }

    private static boolean flightRecorderAvailable() {
        return ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    }

    @Override
    public void classStarted(String uniqueId, String className, String displayName) {
        scopes.startClass(uniqueId, className, displayName, System.currentTimeMillis());
    }

    @Override
    public void testStarted(String uniqueId, String testName, String displayName) {
        scopes.startTest(uniqueId, testName, displayName, System.currentTimeMillis());
    }

    /** End of a test or class: judged on the thread that ran it, without waiting (see {@link LeakJudge}). */
    @Override
    public void scopeFinished(String uniqueId, String status) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            TestScope scope = scopes.finish(uniqueId, System.currentTimeMillis(), status);
            if (scope == null) {
                return;
            }
            if (scope.level() == TestScope.Level.TEST) {
                judge.testFinished(scope);
            } else {
                judge.classFinished(scope);
            }
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /** End of a test plan: the report is written now, and again, complete, when the JVM exits. */
    @Override
    public void testPlanFinished() {
        finish(false);
    }

    private void finishAtExit() {
        String unregistered = listeners.unregisteredLauncher(instrumentation);
        if (unregistered != null) {
            System.err.println(unregistered);
        }
        RunSummary summary = finish(true); // JFR writes the agent's recording itself at exit (AgentRecording)
        if (summary != null) {
            console.println(summary.consoleLine(reportFile.toString(), SharedFixtures.total(judge.sharedFixtures())));
            console.flush();
        }
    }

    /** The report as begun (no end time), replaced when the run ends; see {@link ReportWriter#writeBegun}. */
    private synchronized void writeStartMarker() {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            new ReportWriter().writeBegun(reportFile, runFacts());
        } catch (IOException | RuntimeException e) {
            System.err.println("[leak-audit] could not write the report to " + reportFile + ": " + e);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    private ReportWriter.RunFacts runFacts() {
        return facts;
    }

    /**
     * Judges the run's end and writes the report and the page. At exit they are written again only
     * if anything happened since the plan's end (an open, a close, a finding, a verdict, a test): in a suite
     * that leaves busy threads behind, writing a large report costs seconds, and the one written at
     * the plan's end already says everything.
     */
    private synchronized RunSummary finish(boolean atExit) {
        if (!ReentrancyGuard.enter()) {
            return null;
        }
        try {
            long started = System.nanoTime();
            judge.runFinished(atExit);
            long judged = System.nanoTime();
            List<Finding> findings = log.confirmed();
            List<TestScope> seen = scopes.seen();
            String state = findings.size() + "/" + seen.size() + "/" + facts.timeline().events() + "/"
                    + SharedFixtures.total(judge.sharedFixtures()) + "/" + judge.jdkOwnedLeftOut();
            if (atExit && state.equals(lastWritten)) {
                if (Diagnostics.TIMING) {
                    System.err.println("[leak-audit] timing: report at exit: nothing changed since the plan's end, not written again");
                }
                return new RunSummary(findings, seen);
            }
            new ReportWriter().write(reportFile, runFacts(), findings, seen, judge.sharedFixtures(),
                    judge.jdkOwnedLeftOut());
            long written = System.nanoTime();
            ReportPage.writeBeside(reportFile);
            lastWritten = state;
            if (Diagnostics.TIMING) {
                System.err.println("[leak-audit] timing: report " + (atExit ? "at exit" : "at the plan's end") + ": judged in "
                        + (judged - started) / 1_000_000 + " ms, JSON " + (written - judged) / 1_000_000 + " ms, page "
                        + (System.nanoTime() - written) / 1_000_000 + " ms");
            }
            return new RunSummary(findings, seen);
        } catch (IOException | RuntimeException e) {
            System.err.println("[leak-audit] could not write the report to " + reportFile + ": " + e);
            return null;
        } finally {
            ReentrancyGuard.exit();
        }
    }

    private static String agentVersion() {
        String version = AgentRuntime.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    public Path reportFile() {
        return reportFile;
    }

    Map<String, String> optionsInForce() {
        return facts.options();
    }
}
