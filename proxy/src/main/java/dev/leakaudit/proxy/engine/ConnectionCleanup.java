package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.engine.lifecycle.ConnectionState;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Seed patterns 1, 2 and 8: the single, idempotent way a connection ends, and how its sockets are
 * closed. {@link #initiateCleanupOnce} picks one winner by compare-and-set on the record's state
 * (pattern 8), which fixes the reason (pattern 1); the winner's {@link #beginClose} ends each socket
 * gracefully (queued bytes, then half-close) and forces it after {@code forceCloseGrace} (pattern
 * 2); {@link #closeEndpoint} closes each socket exactly once; {@link #maybeFinalize} runs once when
 * the last one is closed and only then takes the record out of every count.
 */
final class ConnectionCleanup {

    private static final System.Logger LOG = ConnectionObserver.LOG;

    private final ConnectionManager m;
    /** Sockets closed after their key's deregistration, and (never, if the loop is right) before it. */
    final java.util.concurrent.atomic.LongAdder deferredCloses = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder closedWhileRegistered = new java.util.concurrent.atomic.LongAdder();

    ConnectionCleanup(ConnectionManager manager) {
        this.m = manager;
    }

    /**
     * The single, idempotent entry into cleanup, from every path: end of stream, I/O error,
     * timeout, SNI change, shutdown. Exactly one call per record wins the compare-and-set and
     * fixes the reason; every later call returns false and does nothing.
     */
    boolean initiateCleanupOnce(ConnectionRecord record, TerminationReason reason) {
        if (!record.beginClosing(reason)) {
            return false;
        }
        record.loop().run(m.guarded(record, () -> beginClose(record)));
        return true;
    }

    /** Refused by routing or the gate: counted as a rejection, every socket closed at once. */
    void reject(ConnectionRecord record, TerminationReason reason) {
        if (!record.beginClosing(reason)) {
            return;
        }
        m.observer.rejected(record, reason);
        beginClose(record);
    }

    /** Runs once per record, on its loop, after the move to CLOSING. */
    void beginClose(ConnectionRecord record) {
        if (record.cleanupStarted) {
            return;
        }
        record.cleanupStarted = true;
        ConnectionTimers.cancel(record.initialDataTimer);
        ConnectionTimers.cancel(record.connectTimer);
        ConnectionTimers.cancel(record.lifetimeTimer);
        record.initialDataTimer = null;
        record.connectTimer = null;
        record.lifetimeTimer = null;
        TlsRelay.cancelHandshakeTimer(record.incoming);
        TlsRelay.cancelHandshakeTimer(record.outgoing);
        m.sniGuard.remove(record);
        record.initialBytes = null;
        record.helloParser = null;

        TerminationReason reason = record.reason();
        boolean immediate = reason.isRejection() || reason == TerminationReason.NO_ROUTE
                || m.config.timeouts().forceCloseGrace().isZero();
        for (Endpoint e : new Endpoint[] {record.incoming, record.outgoing}) {
            if (e == null || e.closed) {
                continue;
            }
            if (immediate || e.failed || !e.connected || e.key == null || (e.tls != null && !e.tls.handshakeDone)) {
                // A TLS handshake cut short has nothing to deliver and no way to end gracefully.
                closeEndpoint(e);
            } else {
                // Graceful end first (seed pattern 2): deliver what is queued, then half-close.
                e.shutdownAfterFlush = true;
                closingFlush(e);
            }
        }
        if (record.state() != ConnectionState.CLOSED) {
            // Forced close after the configured grace; cancelled if the sockets close first.
            record.forceCloseTimer = m.timers.schedule(record, m.config.timeouts().forceCloseGrace(),
                    () -> forceClose(record));
            m.relay.updateInterest(record);
        }
    }

    /**
     * During CLOSING: flush what is queued, end the output (with TLS, a close_notify first), close
     * once that is out and the peer has ended too.
     */
    void closingFlush(Endpoint e) {
        if (e.closed) {
            return;
        }
        try {
            boolean empty = e.flush(e.record.loop().buffers());
            if (empty && !e.outputShut) {
                e.outputShut = true;
                e.endOutput();
            }
        } catch (IOException ex) {
            closeEndpoint(e);
            return;
        }
        closeIfDone(e);
    }

    /** Closes a socket whose output is ended and written and whose peer has ended its side. */
    void closeIfDone(Endpoint e) {
        if (e.outputShut && e.inputEnded && !e.hasPendingOutput()) {
            closeEndpoint(e);
        }
    }

    /** During CLOSING: discard what the peer still sends, close when it ends its side. */
    void drainWhileClosing(Endpoint e) {
        if (e.tls != null) {
            m.tls.drainWhileClosing(e);
            return;
        }
        int n;
        try {
            n = e.channel.read(e.record.loop().scratch());
        } catch (IOException ex) {
            n = -2;
        }
        if (n == -2) {
            closeEndpoint(e);
        } else if (n < 0) {
            e.inputEnded = true;
            if (e.outputShut) {
                closeEndpoint(e);
            }
        }
    }

    /** Force timer or shutdown deadline: close whatever is still open. */
    void forceClose(ConnectionRecord record) {
        forceClose(record, TerminationReason.SHUTDOWN);
    }

    /** Closes every socket of the record now; {@code reason} applies if nothing else ended it first. */
    void forceClose(ConnectionRecord record, TerminationReason reason) {
        if (!record.cleanupStarted) {
            if (record.beginClosing(reason) || record.state() == ConnectionState.CLOSING) {
                beginClose(record);
            }
        }
        record.forceCloseTimer = null;
        closeEndpoint(record.incoming);
        if (record.outgoing != null) {
            closeEndpoint(record.outgoing);
        }
    }

    /**
     * Closes one socket exactly once (guarded by its flag) and finalises when both are closed. A
     * registered socket's key is cancelled now and the socket closed right after the loop's next
     * select (see {@link EventLoop#closeAfterDeregistration}); the record is finalised after that.
     */
    void closeEndpoint(Endpoint e) {
        if (e == null || e.closed) {
            return;
        }
        e.closed = true;
        e.releaseBuffers(e.record.loop().buffers());
        if (!e.channel.isOpen()) {
            // The JDK closes a SocketChannel itself when connect/finishConnect fails; closing it
            // again would be a second close of one resource.
            maybeFinalize(e.record);
            return;
        }
        if (e.key != null && e.key.isValid() && e.record.loop().inLoop()) {
            e.key.cancel();
            deferredCloses.increment();
            e.record.loop().closeAfterDeregistration(m.guarded(e.record, () -> {
                if (e.channel.isRegistered()) {
                    closedWhileRegistered.increment(); // the close would cost a shutdown and a getsockopt
                }
                closeNow(e);
            }));
            return;
        }
        closeNow(e);
    }

    /** The channel's close(2), then the finaliser if it was the record's last open socket. */
    void closeNow(Endpoint e) {
        try {
            e.channel.close();
        } catch (IOException ex) {
            LOG.log(Level.DEBUG, () -> "[" + e.record.id() + "] close failed: " + ex);
        }
        maybeFinalize(e.record);
    }

    /** Closed, and its descriptor too (a close waiting for deregistration does not count yet). */
    private static boolean closedForGood(Endpoint e) {
        return e.closed && !e.channel.isOpen();
    }

    private void maybeFinalize(ConnectionRecord record) {
        if (!closedForGood(record.incoming) || (record.outgoing != null && !closedForGood(record.outgoing))) {
            return;
        }
        if (!record.transition(ConnectionState.CLOSING, ConnectionState.CLOSED)) {
            return;
        }
        // The sockets are really closed: only now does the record leave the registry and the gate.
        ConnectionTimers.cancel(record.forceCloseTimer);
        record.forceCloseTimer = null;
        m.registry.remove(record);
        RoutingPolicy.Admission admission = record.admission;
        record.admission = null;
        if (admission != null && admission.release() != null) {
            try {
                admission.release().run();
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "[" + record.id() + "] security release failed", ex);
            }
        }
        m.observer.closed(record);
        m.shutdown.connectionClosed();
    }
}
