package dev.leakaudit.agent.instrument;

import java.lang.instrument.Instrumentation;

import dev.leakaudit.agent.bootstrap.TaskSink;
import dev.leakaudit.agent.config.UserCodeOptions;
import java.util.List;

import dev.leakaudit.agent.kinds.LeakKind;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Installs every advice of the agent (sockets and channels, threads and timers, handlers, cleanup,
 * buffers, the JUnit launcher hook) with one {@code AgentBuilder}, so the JDK's classes are matched
 * and retransformed in one pass rather than one per area.
 */
public final class Instrumentations {

    private Instrumentations() {
    }

    /** Returns the log of what was transformed and what failed. */
    public static InstallLog install(Instrumentation instrumentation, TaskSink tasks, UserCodeOptions userCode,
                                     List<LeakKind> kinds) {
        InstallLog log = new InstallLog();
        AgentBuilder builder = log.newAgentBuilder();
        builder = new JdkInstrumentation().addTo(builder, instrumentation);
        builder = new JdkPoolInstrumentation().addTo(builder, instrumentation);
        builder = new ExecutorInstrumentation().addTo(builder);
        builder = new TaskInstrumentation().addTo(builder, instrumentation, tasks, log);
        builder = new JUnitLauncherInstrumentation().addTo(builder, instrumentation);
        builder = new JUnit4Instrumentation().addTo(builder, instrumentation);
        for (LeakKind kind : kinds) {
            try {
                builder = kind.instrument(builder, instrumentation);
            } catch (RuntimeException | LinkageError e) {
                log.problem(kind.id() + " advice could not be prepared: " + e);
            }
        }
        try {
            builder = new UserCodeInstrumentation().addTo(builder, instrumentation, userCode);
        } catch (RuntimeException | LinkageError e) {
            log.problem("handler, cleanup and buffer advice could not be prepared: " + e);
        }
        builder.installOn(instrumentation);
        return log;
    }
}
