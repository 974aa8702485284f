package dev.leakaudit.agent.kinds.processes;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.InstallLog;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.kinds.KindSelfTest;
import dev.leakaudit.agent.kinds.LeakKind;

import dev.leakaudit.agent.instrument.JdkClasses;

import static dev.leakaudit.agent.instrument.MethodMatch.named;
import static dev.leakaudit.agent.instrument.MethodMatch.arguments;

/**
 * Child processes left behind ({@code process}): a {@code Process} from {@code ProcessBuilder.start}
 * or {@code Runtime.exec} still running at its test's deadline, or exited but never waited for and
 * with its pipes left open. The command line is in the finding.
 */
public final class ProcessKind implements LeakKind {

    public static final String KIND = "process";

    static final String PROCESS_BUILDER = "java.lang.ProcessBuilder";
    /** The JDK's process class on Unix and on Windows; only one exists on a platform. */
    static final String[] PROCESSES = {"java.lang.ProcessImpl"};
    /** Pipes of a process on JDK 17 to 25 (Unix). */
    static final String[] PIPES = {"java.lang.ProcessImpl$ProcessPipeInputStream"};

    @Override
    public String id() {
        return KIND;
    }

    @Override
    public void start(KindContext context) {
        LeakAuditBridge.installKind(KIND, new ProcessTracker(context));
    }

    @Override
    public void instrument(AdvicePlan plan, Instrumentation instrumentation, InstallLog log) {
        JdkClasses.preload(java.util.List.of(PROCESS_BUILDER, PROCESSES[0], PIPES[0]));
        plan.type(PROCESS_BUILDER)
                .advice(named("start").and(arguments(0)), "dev.leakaudit.agent.kinds.processes.ProcessStartedAdvice");
        plan.type(PROCESSES)
                .advice(named("waitFor").and(arguments(0).or(arguments(2)))
                        .or(named("exitValue").and(arguments(0)))
                        .or(named("onExit").and(arguments(0))), "dev.leakaudit.agent.kinds.processes.ProcessWaitedAdvice");
        plan.type(PIPES)
                .advice(named("close").and(arguments(0)), "dev.leakaudit.agent.kinds.processes.ProcessPipeClosedAdvice");
    }

    /** Starting a process at every JVM's start would cost too much: the check is that the advice took. */
    @Override
    public Map<String, String> selfTest(KindSelfTest check, Set<String> forced) {
        return Map.of(KIND, forced.contains(KIND) ? "forced to fail" : check(check));
    }

    private String check(KindSelfTest check) {
        return check.transformed(PROCESS_BUILDER, PROCESSES[0]);
    }
}
