package dev.leakaudit.agent.kinds;

import java.util.List;

import dev.leakaudit.agent.kinds.bytebufs.ByteBufKind;
import dev.leakaudit.agent.kinds.files.FileKind;
import dev.leakaudit.agent.kinds.sockets.SocketKinds;
import dev.leakaudit.agent.kinds.tasks.TaskKinds;
import dev.leakaudit.agent.kinds.usage.UsageKinds;
import dev.leakaudit.agent.kinds.processes.ProcessKind;

/** Every kind the agent audits, listed once: one line each. */
public final class AgentKinds {

    private AgentKinds() {
    }

    public static List<LeakKind> all() {
        SocketKinds sockets = new SocketKinds();
        return List.of(sockets, new TaskKinds(), new UsageKinds(sockets), new FileKind(), new ProcessKind(),
                new ByteBufKind());
    }
}
