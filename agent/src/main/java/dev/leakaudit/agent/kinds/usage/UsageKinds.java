package dev.leakaudit.agent.kinds.usage;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.InstallLog;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.kinds.KindSelfTest;
import dev.leakaudit.agent.kinds.LeakKind;
import dev.leakaudit.agent.kinds.sockets.SocketKinds;

/**
 * What the program does with its own objects: handler registrations ({@code handler}), cleanup
 * methods that must be idempotent ({@code cleanup-not-idempotent}), and connections and buffers
 * retained after close ({@code retained}, {@code buffer}, over the sockets' ledger). Handlers and
 * cleanup are audited only where the options declare them, so there is nothing to probe at start.
 */
public final class UsageKinds implements LeakKind {

    private final SocketKinds sockets;
    private UsageAudit usage;

    public UsageKinds(SocketKinds sockets) {
        this.sockets = sockets;
    }

    @Override
    public String id() {
        return "usage";
    }

    @Override
    public void start(KindContext context) {
        usage = UsageAudit.start(context.options(), sockets.ledger(), context.scopes(), context.judge(),
                context.findings(), context.sites());
    }

    @Override
    public void instrument(AdvicePlan plan, Instrumentation instrumentation, InstallLog log) {
        try {
            new UserCodeInstrumentation().addTo(plan, instrumentation, usage.userCode());
        } catch (RuntimeException | LinkageError e) {
            log.problem("handler, cleanup and buffer advice could not be prepared: " + e);
        }
    }

    @Override
    public Map<String, String> selfTest(KindSelfTest check, Set<String> forced) {
        return Map.of();
    }
}
