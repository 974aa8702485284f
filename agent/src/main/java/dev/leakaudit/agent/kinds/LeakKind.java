package dev.leakaudit.agent.kinds;

import java.lang.instrument.Instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One kind of thing the agent audits, as one package: its instrumentation, its records, how its
 * findings read and what its self-test does. The core (judge, scopes, findings, report) knows none
 * of them; each kind plugs in here and is listed once, in {@link AgentKinds}.
 */
public interface LeakKind {

    /** Its id in the report and the format's catalog, e.g. {@code file}. */
    String id();

    /** Builds what tracks it from the core's services, and takes its advice's events from now on. */
    void start(KindContext context);

    /** Adds its advice to the agent's one builder (every kind is installed in one pass). */
    AgentBuilder instrument(AgentBuilder builder, Instrumentation instrumentation);

    /**
     * Does the real thing once, or checks the instrumentation it needs took effect: {@code ok}, or what
     * was missed (the kind is then not audited in this JVM, and the report says so).
     */
    String selfTest(KindSelfTest check);
}
