package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import dev.leakaudit.proxy.tls.RouteTls;
import dev.leakaudit.proxy.tls.TlsAlerts;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The proxy's side of TLS on a socket, on the connection's loop with the JDK's {@code SSLEngine}
 * (no thread of its own; delegated tasks run inline): the handshake, bounded by
 * {@code handshakeTimeout} ({@code tls_handshake_timeout}); records in, whose plaintext goes on
 * through the {@link Relay}; plaintext out as records; close_notify on a graceful end, given the
 * usual force-close grace for the peer's. A failed handshake sends the engine's alert, best effort,
 * and ends with {@code tls_handshake_failed} and the alert as the connection's detail.
 */
final class TlsRelay {

    /** Wraps after a failure, to get the engine's alert out; a few records at most. */
    private static final int MAX_WRAPS_AFTER_FAILURE = 8;

    private final ConnectionManager m;

    TlsRelay(ConnectionManager manager) {
        this.m = manager;
    }

    // ------------------------------------------------------------------ starting

    /**
     * The client's side of a terminating route, right after routing: the engine gets the
     * ClientHello bytes read while routing, and the handshake goes as far as they allow.
     */
    void startServer(ConnectionRecord record, RouteTls tls) {
        Endpoint in = record.incoming;
        BufferPool pool = record.loop().buffers();
        TlsSession s = new TlsSession(tls.server().newEngine(), pool.bufferSize());
        in.tls = s;
        record.routeTls = tls;
        if (record.initialBytes != null) {
            if (record.initialLength > pool.bufferSize()) {
                m.initiateCleanupOnce(record, TerminationReason.TLS_MALFORMED);
                return;
            }
            s.netIn(pool).put(record.initialBytes, 0, record.initialLength);
            // The ClientHello read for routing is the proxy's own handshake, not the client's bytes
            // for the backend: the counts hold the plaintext only.
            in.bytesRead -= record.initialLength;
            m.observer.fromClient(-record.initialLength);
            record.initialBytes = null;
            record.initialLength = 0;
        }
        armHandshakeTimer(in);
        try {
            s.engine.beginHandshake();
        } catch (SSLException e) {
            failed(in, e);
            return;
        }
        pump(in);
        m.relay.updateInterest(record);
    }

    /** A backend socket of a {@code reencrypt} route; its handshake starts once it is connected. */
    void prepareClient(Endpoint out, SSLEngine engine) {
        out.tls = new TlsSession(engine, out.record.loop().buffers().bufferSize());
    }

    /**
     * Raw bytes that go before the TLS records on a backend socket (a PROXY protocol header, which
     * the backend reads before its TLS starts).
     */
    void sendBeforeHandshake(Endpoint out, byte[] bytes) {
        out.tls.netOut(out.record.loop().buffers()).put(bytes);
    }

    /** The backend socket is connected: its handshake starts (the client's bytes wait in its queue). */
    void beginClientHandshake(Endpoint out) {
        armHandshakeTimer(out);
        try {
            out.tls.engine.beginHandshake();
        } catch (SSLException e) {
            failed(out, e);
            return;
        }
        pump(out);
    }

    private void armHandshakeTimer(Endpoint e) {
        ConnectionRecord record = e.record;
        TlsSession s = e.tls;
        s.handshakeTimer = m.timers.schedule(record, m.config().timeouts().handshakeTimeout(), () -> {
            s.handshakeTimer = null;
            if (!s.handshakeDone && !record.cleanupStarted) {
                record.detailIfOpen(side(e) + "no handshake within " + m.config().timeouts().handshakeTimeout().toMillis() + " ms");
                m.initiateCleanupOnce(record, TerminationReason.TLS_HANDSHAKE_TIMEOUT);
            }
        });
    }

    static void cancelHandshakeTimer(Endpoint e) {
        if (e != null && e.tls != null) {
            ConnectionTimers.cancel(e.tls.handshakeTimer);
            e.tls.handshakeTimer = null;
        }
    }

    // ------------------------------------------------------------------ reading

    /** The socket is readable: records in, handshake on, plaintext passed to the peer. */
    void read(Endpoint e) {
        TlsSession s = e.tls;
        BufferPool pool = e.record.loop().buffers();
        int n;
        try {
            n = e.channel.read(s.netIn(pool));
        } catch (IOException ex) {
            s.releaseNetInIfEmpty(pool);
            m.errors.onIoError(e, ex);
            return;
        }
        if (n > 0) {
            e.record.touch();
            if (e.role == Endpoint.Role.INCOMING && e.record.untrustedHeaderSniffer != null) {
                ByteBuffer arrived = s.netIn.duplicate().flip();
                arrived.position(arrived.limit() - n);
                if (m.proxyHeaders.refusesUntrusted(e.record, arrived)) {
                    return;
                }
            }
        }
        pump(e);
        if (n < 0 && !e.closed && !e.record.cleanupStarted && !s.inboundDone) {
            endOfStream(e);
        }
    }

    /** The socket takes the records it could not take before: the handshake (or its messages) goes on. */
    void resume(Endpoint e) {
        try {
            if (!e.tls.writeNetOut(e.channel, e.record.loop().buffers())) {
                return;
            }
        } catch (IOException ex) {
            m.errors.onIoError(e, ex);
            return;
        }
        pump(e);
    }

    /**
     * Drives the engine as far as the bytes at hand allow: delegated tasks, handshake messages
     * out, records in. Stops when it needs more bytes or a writable socket, or the connection ends.
     */
    private void pump(Endpoint e) {
        TlsSession s = e.tls;
        ConnectionRecord record = e.record;
        while (!e.closed && !e.failed && !record.cleanupStarted) {
            HandshakeStatus hs = s.engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks(s.engine);
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                if (!wrapHandshake(e)) {
                    break;
                }
            } else if (!unwrapOnce(e)) {
                break;
            }
        }
        if (!e.closed) {
            s.releaseNetInIfEmpty(record.loop().buffers());
        }
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** One handshake message out; false when the socket must become writable first, or it ended. */
    private boolean wrapHandshake(Endpoint e) {
        TlsSession s = e.tls;
        BufferPool pool = e.record.loop().buffers();
        try {
            if (!s.netOutHasRoom()) {
                s.writeNetOut(e.channel, pool);
                if (!s.netOutHasRoom()) {
                    return false;
                }
            }
            SSLEngineResult r = s.engine.wrap(TlsSession.empty(), s.netOut(pool));
            s.writeNetOut(e.channel, pool);
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                handshakeFinished(e);
            }
            return r.getStatus() == SSLEngineResult.Status.OK && r.bytesProduced() > 0;
        } catch (SSLException ex) {
            failed(e, ex);
            return false;
        } catch (IOException ex) {
            m.errors.onIoError(e, ex);
            return false;
        }
    }

    /** One record in; its plaintext, if any, goes to the peer. False when more bytes are needed. */
    private boolean unwrapOnce(Endpoint e) {
        TlsSession s = e.tls;
        if (!s.hasPendingInput()) {
            return false;
        }
        ByteBuffer plain = e.record.loop().scratch();
        SSLEngineResult r;
        s.netIn.flip();
        try {
            r = s.engine.unwrap(s.netIn, plain);
        } catch (SSLException ex) {
            s.netIn.clear();
            failed(e, ex);
            return false;
        }
        s.netIn.compact();
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeFinished(e);
        }
        if (plain.position() > 0) {
            plain.flip();
            m.relay.forward(e, plain);
        }
        if (e.closed || e.record.cleanupStarted) {
            return false;
        }
        return switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> false;
            case CLOSED -> {
                inboundClosed(e);
                yield false;
            }
            case BUFFER_OVERFLOW -> throw new IllegalStateException("a TLS record larger than the read buffer");
            case OK -> r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        };
    }

    private void handshakeFinished(Endpoint e) {
        TlsSession s = e.tls;
        if (s.handshakeDone) {
            return;
        }
        s.handshakeDone = true;
        ConnectionTimers.cancel(s.handshakeTimer);
        s.handshakeTimer = null;
        ConnectionRecord record = e.record;
        if (e.role == Endpoint.Role.INCOMING) {
            record.tlsProtocol = s.engine.getSession().getProtocol();
            record.tlsCipher = s.engine.getSession().getCipherSuite();
            String alpn = s.engine.getApplicationProtocol();
            record.alpn = alpn == null || alpn.isEmpty() ? null : alpn;
            if (record.sni == null) {
                record.sni = dev.leakaudit.proxy.tls.RequestedNames.of(s.engine.getSession());
            }
            m.router.clientTlsEstablished(record);
        } else if (m.relay.flushTo(e)) {
            // The client's bytes queued during the backend's handshake go now.
            m.relay.checkNormalEnd(record);
        }
    }

    /** close_notify arrived: the peer's direction ends, as with a FIN. */
    private void inboundClosed(Endpoint e) {
        TlsSession s = e.tls;
        s.inboundDone = true;
        // The engine answers with a close_notify of its own when the peer closed both directions:
        // always before TLS 1.3, and in TLS 1.3 after a user_canceled (as the JDK's SSLSocket.close
        // does). Nothing more can reach this peer then, so the connection ends here.
        boolean duplex = s.engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
        m.relay.inputEnded(e);
        if (duplex && !e.record.cleanupStarted) {
            m.initiateCleanupOnce(e.record, TerminationReason.NORMAL);
        }
    }

    /** A FIN without close_notify: after the handshake, the end of the stream; during it, a failure. */
    private void endOfStream(Endpoint e) {
        TlsSession s = e.tls;
        s.inboundDone = true;
        if (!s.handshakeDone) {
            e.failed = true;
            e.record.detailIfOpen(side(e) + "closed by the peer during the handshake");
            m.initiateCleanupOnce(e.record, TerminationReason.TLS_HANDSHAKE_FAILED);
            return;
        }
        m.relay.inputEnded(e);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Plaintext from {@code src} into records, as far as the socket takes them; returns the
     * plaintext bytes taken. Nothing before the handshake is done. After a close_notify nothing can
     * be sent any more, so the bytes are dropped.
     */
    int wrapAndWrite(Endpoint e, ByteBuffer src) throws IOException {
        TlsSession s = e.tls;
        if (!s.handshakeDone) {
            return 0;
        }
        if (s.closeNotifyQueued || s.engine.isOutboundDone()) {
            src.position(src.limit());
            return 0;
        }
        BufferPool pool = e.record.loop().buffers();
        int taken = 0;
        while (src.hasRemaining()) {
            if (s.engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks(s.engine);
            }
            if (!s.netOutHasRoom()) {
                s.writeNetOut(e.channel, pool);
                if (!s.netOutHasRoom()) {
                    break;
                }
            }
            SSLEngineResult r = s.engine.wrap(src, s.netOut(pool));
            taken += r.bytesConsumed();
            s.writeNetOut(e.channel, pool);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                src.position(src.limit());
                break;
            }
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                break;
            }
        }
        return taken;
    }

    /** The graceful end of this socket's output: a close_notify, written as far as the socket takes it. */
    void closeOutbound(Endpoint e) throws IOException {
        TlsSession s = e.tls;
        if (s.closeNotifyQueued) {
            return;
        }
        s.closeNotifyQueued = true;
        s.engine.closeOutbound();
        BufferPool pool = e.record.loop().buffers();
        for (int i = 0; i < MAX_WRAPS_AFTER_FAILURE && !s.engine.isOutboundDone() && s.netOutHasRoom(); i++) {
            SSLEngineResult r = s.engine.wrap(TlsSession.empty(), s.netOut(pool));
            if (r.bytesProduced() == 0) {
                break;
            }
        }
    }

    // ------------------------------------------------------------------ ending

    /**
     * During CLOSING: records still arriving are read and their plaintext dropped, until the peer's
     * close_notify or FIN; then the socket closes once its own close_notify is out.
     */
    void drainWhileClosing(Endpoint e) {
        TlsSession s = e.tls;
        BufferPool pool = e.record.loop().buffers();
        int n;
        try {
            n = e.channel.read(s.netIn(pool));
        } catch (IOException ex) {
            m.cleanup.closeEndpoint(e);
            return;
        }
        boolean ended = n < 0 || s.inboundDone;
        while (!ended && s.hasPendingInput()) {
            if (s.engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks(s.engine);
            }
            s.netIn.flip();
            SSLEngineResult r;
            try {
                r = s.engine.unwrap(s.netIn, e.record.loop().scratch());
            } catch (SSLException ex) {
                s.netIn.clear();
                ended = true;
                break;
            }
            s.netIn.compact();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                s.inboundDone = true;
                ended = true;
            } else if (r.bytesConsumed() == 0) {
                break;
            }
        }
        if (!ended && !s.netInHasRoom()) {
            ended = true; // a peer that keeps sending what cannot be read: stop waiting for it
        }
        s.releaseNetInIfEmpty(pool);
        if (ended) {
            e.inputEnded = true;
            if (e.outputShut && !e.hasPendingOutput()) {
                m.cleanup.closeEndpoint(e);
            }
        }
    }

    /**
     * The engine failed: its alert goes out (best effort, what the socket takes at once) and the
     * connection ends at once, with the alert as its detail.
     */
    void failed(Endpoint e, SSLException ex) {
        TlsSession s = e.tls;
        ConnectionRecord record = e.record;
        BufferPool pool = record.loop().buffers();
        String detail;
        try {
            ByteBuffer out = s.netOut(pool);
            int start = out.position();
            for (int i = 0; i < MAX_WRAPS_AFTER_FAILURE && s.netOutHasRoom(); i++) {
                SSLEngineResult r = s.engine.wrap(TlsSession.empty(), out);
                if (r.bytesProduced() == 0 || r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    break;
                }
            }
            ByteBuffer produced = out.duplicate();
            produced.limit(out.position()).position(start);
            detail = TlsAlerts.describe(ex, produced);
            s.writeNetOut(e.channel, pool);
        } catch (IOException | RuntimeException sendFailed) {
            detail = TlsAlerts.describe(ex, null);
        }
        e.failed = true;
        record.detailIfOpen(side(e) + detail);
        m.initiateCleanupOnce(record, s.handshakeDone ? TerminationReason.TLS_ERROR : TerminationReason.TLS_HANDSHAKE_FAILED);
    }

    private static String side(Endpoint e) {
        return e.role == Endpoint.Role.OUTGOING ? "backend: " : "";
    }
}
