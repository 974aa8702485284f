package dev.leakaudit.agent.kinds;

import java.lang.instrument.Instrumentation;
import java.util.Map;

import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.InstallLog;

/**
 * One kind of thing the agent audits, as one package: its instrumentation, its records, how its
 * findings read and what its self-test does. The core (judge, scopes, findings, report) knows none
 * of them; each kind plugs in here and is listed once, in {@link AgentKinds}.
 */
public interface LeakKind {

    /** Its name in the self-test and messages, e.g. {@code file}, {@code sockets}. */
    String id();

    /** Builds what tracks it from the core's services, and takes its advice's events from now on. */
    void start(KindContext context);

    /** Adds its advice to the agent's one plan (every kind is installed in one pass); problems go to {@code log}. */
    void instrument(AdvicePlan plan, Instrumentation instrumentation, InstallLog log);

    /**
     * Does the real thing once, or checks the instrumentation it needs took effect: for each thing it
     * checks (the report's self-test keys, e.g. {@code socket} and {@code channel}), {@code ok} or
     * what was missed (that is then not audited in this JVM, and the report says so). {@code forced}:
     * keys to fail as if nothing was seen (for tests that prove a failure is never silent).
     */
    Map<String, String> selfTest(KindSelfTest check, java.util.Set<String> forced);
}
