package dev.leakaudit.agent;

import java.lang.instrument.Instrumentation;

import dev.leakaudit.agent.config.AgentOptions;
import dev.leakaudit.agent.config.OptionsException;

/**
 * Entry point of {@code -javaagent:leak-audit-agent.jar=options}. It only checks the options and
 * puts the bridge on the bootstrap class path; everything else starts in {@link AgentRuntime},
 * reached by name so that no class of the agent is linked before the bridge is in place.
 */
public final class LeakAuditAgent {

    private LeakAuditAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    private static void start(String arguments, Instrumentation instrumentation) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (OptionsException e) {
            System.err.println("[leak-audit] " + e.getMessage() + "; the program runs without leak auditing.");
            return;
        }
        try {
            BootstrapClasses.install(instrumentation);
            Class.forName("dev.leakaudit.agent.AgentRuntime")
                    .getMethod("start", AgentOptions.class, Instrumentation.class)
                    .invoke(null, options, instrumentation);
        } catch (Throwable e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            System.err.println("[leak-audit] could not start on Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vendor") + "): " + cause + "; the program runs without leak auditing.");
        }
    }
}
