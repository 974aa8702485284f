package dev.leakaudit.agent.kinds.usage;

import dev.leakaudit.agent.bootstrap.UsageSink;
import dev.leakaudit.agent.kinds.cleanup.CleanupTracker;
import dev.leakaudit.agent.ledger.ReentrancyGuard;
import dev.leakaudit.agent.kinds.retention.BufferLedger;
import dev.leakaudit.agent.kinds.handlers.HandlerTracker;

/**
 * The agent's {@link UsageSink}: routes handler, cleanup and buffer calls from instrumented code to
 * their trackers. A thread already inside the agent is ignored; nothing here throws or blocks.
 */
final class UsageHooks implements UsageSink {

    private final HandlerTracker handlers;
    private final CleanupTracker cleanup;
    private final BufferLedger buffers;   // null with retention=off

    UsageHooks(HandlerTracker handlers, CleanupTracker cleanup, BufferLedger buffers) {
        this.handlers = handlers;
        this.cleanup = cleanup;
        this.buffers = buffers;
    }

    @Override
    public void handlerAdded(Object source, Object[] arguments, Object returned, String registration) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            handlers.added(source, arguments, returned, registration);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    @Override
    public void handlerRemoved(Object source, Object[] arguments, Object returned, String registration) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            handlers.removed(source, arguments, returned, registration);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    @Override
    public void handlersRemovedAll(Object source, Object[] arguments, Object returned, String registration) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            handlers.removedAll(source, arguments, returned, registration);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    @Override
    public Object cleanupEntered(Object receiver, Object[] arguments, String method) {
        if (!ReentrancyGuard.enter()) {
            return null;
        }
        try {
            return cleanup.entered(receiver, arguments, method);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    @Override
    public void cleanupExited(Object token) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            cleanup.exited(token);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    @Override
    public void cleanupEffect(String what) {
        CleanupTracker.effect(what); // no guard: effects are reported from inside the agent too
    }

    @Override
    public void buffersUsed(Object channel, Object bufferOrBuffers) {
        if (buffers == null || !ReentrancyGuard.enter()) {
            return;
        }
        try {
            buffers.used(channel, bufferOrBuffers);
        } finally {
            ReentrancyGuard.exit();
        }
    }
}
