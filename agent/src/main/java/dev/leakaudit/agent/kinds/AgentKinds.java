package dev.leakaudit.agent.kinds;

import java.util.List;

import dev.leakaudit.agent.kinds.files.FileKind;
import dev.leakaudit.agent.kinds.processes.ProcessKind;

/**
 * The kinds that plug in through {@link LeakKind}, listed once. (Sockets and channels, timers,
 * threads and handlers have hot paths of their own and are wired by the runtime.)
 */
public final class AgentKinds {

    private AgentKinds() {
    }

    public static List<LeakKind> all() {
        return List.of(new FileKind(), new ProcessKind());
    }
}
