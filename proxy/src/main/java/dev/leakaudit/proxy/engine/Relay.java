package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.engine.lifecycle.ConnectionState;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * Moves bytes between the two sockets of a connection, on its loop: readiness dispatch, the
 * relay with half-close (end of stream passed on only after the bytes before it), and
 * back-pressure (a side is read only while the other's queue holds less than
 * {@code maxPendingDataSize} of buffer capacity).
 */
final class Relay {

    private final ConnectionManager m;

    Relay(ConnectionManager manager) {
        this.m = manager;
    }

    void onReady(Endpoint e, SelectionKey key) {
        ConnectionRecord record = e.record;
        if (e.closed) {
            return;
        }
        if (key.isConnectable()) {
            m.connector.finishConnect(e);
            return;
        }
        if (key.isValid() && key.isWritable()) {
            if (record.cleanupStarted) {
                m.cleanup.closingFlush(e);
            } else if (e.tls != null && e.tls.waitsToWrite()) {
                // A handshake, or a post-handshake message (TLS 1.3 KeyUpdate), waited for the socket.
                m.tls.resume(e);
                if (e.tls.handshakeDone && !e.closed && !record.cleanupStarted && flushTo(e)) {
                    checkNormalEnd(record);
                }
            } else if (flushTo(e)) {
                checkNormalEnd(record);
            }
            if (e.closed || record.state() == ConnectionState.CLOSED) {
                return;
            }
        }
        if (key.isValid() && key.isReadable() && !e.closed) {
            if (record.cleanupStarted) {
                m.cleanup.drainWhileClosing(e);
            } else if (record.state() == ConnectionState.AWAITING_INITIAL_DATA) {
                m.router.readInitial(record);
            } else if (e.tls != null && !record.state().isTerminal()) {
                m.tls.read(e);
            } else if (!record.state().isTerminal()) {
                relay(e);
            }
        }
        updateInterest(record);
    }

    /** Moves one chunk from {@code from} to its peer (CONNECTING or ESTABLISHED). */
    private void relay(Endpoint from) {
        ConnectionRecord record = from.record;
        Endpoint to = from.peer();
        if (to == null) {
            return;
        }
        ByteBuffer buf = record.loop().scratch();
        int n;
        try {
            n = from.channel.read(buf);
        } catch (IOException ex) {
            m.errors.onIoError(from, ex);
            return;
        }
        if (n <= 0) {
            if (n < 0) {
                inputEnded(from);
            }
            return;
        }
        buf.flip();
        if (from.role == Endpoint.Role.INCOMING && m.proxyHeaders.refusesUntrusted(record, buf)) {
            return;
        }
        forward(from, buf);
    }

    /** Half-close: the end of {@code from}'s stream is passed on once everything before it is delivered. */
    void inputEnded(Endpoint from) {
        from.inputEnded = true;
        Endpoint to = from.peer();
        if (to == null) {
            return;
        }
        to.shutdownAfterFlush = true;
        if (to.connected && flushTo(to)) {
            checkNormalEnd(from.record);
        }
    }

    /**
     * Passes bytes read from {@code from} (read mode; the plaintext when the proxy speaks its TLS)
     * to its peer: written at once when nothing waits before them, the rest queued.
     */
    void forward(Endpoint from, ByteBuffer buf) {
        ConnectionRecord record = from.record;
        Endpoint to = from.peer();
        int n = buf.remaining();
        from.bytesRead += n;
        if (from.role == Endpoint.Role.INCOMING) {
            m.observer.fromClient(n);
        }
        record.touch();
        if (to == null) {
            return;
        }
        if (from.role == Endpoint.Role.INCOMING && !record.dataHandlers.isEmpty()) {
            record.dataHandlers.forEach(h -> h.onData(record, buf.asReadOnlyBuffer()));
            if (record.state().isTerminal()) {
                return;
            }
        }
        if (to.connected && to.outbound.isEmpty()) {
            // Nothing waiting: write straight from the read buffer, queue only what is left.
            try {
                to.write(buf);
            } catch (IOException ex) {
                m.errors.onIoError(to, ex);
                return;
            }
        }
        // Copied, packed into the queue's last buffer; while the backend connects this waits, and
        // setInterest stops reading once the queue holds maxPendingDataSize of buffer capacity.
        to.append(buf, record.loop().buffers());
    }

    /** Flushes queued bytes to {@code to}; false if that failed and cleanup was started. */
    boolean flushTo(Endpoint to) {
        try {
            boolean empty = to.flush(to.record.loop().buffers());
            if (empty && to.shutdownAfterFlush && !to.outputShut) {
                to.outputShut = true;
                if (!endsTheConnection(to) || to.tls != null) {
                    to.endOutput();
                } // else checkNormalEnd closes both sockets at once, and the close sends the FIN
                // (TLS needs its close_notify first, which may have to wait for the socket)
            }
            return true;
        } catch (IOException ex) {
            m.errors.onIoError(to, ex);
            return false;
        }
    }

    /**
     * Ending {@code to}'s output is the last step of a normal end: both peers have ended their side
     * and the other direction is delivered and ended.
     */
    private static boolean endsTheConnection(Endpoint to) {
        Endpoint other = to.peer();
        return to.inputEnded && other != null && other.inputEnded && other.outputShut
                && to.record.state() == ConnectionState.ESTABLISHED;
    }

    /** Both directions ended and delivered: the connection ends normally. */
    void checkNormalEnd(ConnectionRecord record) {
        Endpoint in = record.incoming;
        Endpoint out = record.outgoing;
        if (record.state() == ConnectionState.ESTABLISHED && out != null
                && in.inputEnded && out.inputEnded && in.outputShut && out.outputShut) {
            m.initiateCleanupOnce(record, TerminationReason.NORMAL);
        }
    }

    private int highWater() {
        return Math.max(m.config.limits().maxPendingDataSize(), 1);
    }

    /** Recomputes the interest set of both sockets (back-pressure lives here). */
    void updateInterest(ConnectionRecord record) {
        setInterest(record.incoming);
        setInterest(record.outgoing);
    }

    private void setInterest(Endpoint e) {
        if (e == null || e.closed || e.key == null || !e.key.isValid()) {
            return;
        }
        ConnectionRecord record = e.record;
        int ops = 0;
        if (!e.connected) {
            if (!record.cleanupStarted) {
                ops |= SelectionKey.OP_CONNECT;
            }
        } else {
            boolean read;
            if (record.cleanupStarted) {
                read = !e.inputEnded;
            } else if (record.state() == ConnectionState.AWAITING_INITIAL_DATA
                    || record.state() == ConnectionState.TLS_HANDSHAKE) {
                read = e.role == Endpoint.Role.INCOMING && !e.inputEnded;
            } else {
                Endpoint peer = e.peer();
                // Stop reading a side while the other cannot take more, connected or not: the
                // buffer capacity its queue holds counts, not just the payload.
                read = !e.inputEnded && peer != null && peer.queuedCapacity < highWater();
            }
            if (read && (e.tls == null || e.tls.netInHasRoom())) {
                ops |= SelectionKey.OP_READ;
            }
            if (e.wantsWrite()) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        if (e.key.interestOps() != ops) {
            e.key.interestOps(ops);
        }
    }
}
