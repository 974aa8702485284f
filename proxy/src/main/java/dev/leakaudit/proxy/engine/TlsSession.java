package dev.leakaudit.proxy.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;

/**
 * One socket's TLS, when the proxy takes part in it: the JDK's {@code SSLEngine} and the
 * ciphertext waiting in each direction. Both waiting areas are pooled buffers held only while bytes
 * wait in them, so an idle TLS connection, or one stalled in its handshake with nothing half-read,
 * holds no buffer at all. Touched only on the connection's loop.
 */
final class TlsSession {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    final SSLEngine engine;
    /** Ciphertext read and not yet unwrapped (write mode: position is the end of the data). */
    ByteBuffer netIn;
    /** Ciphertext made and not yet written (write mode). */
    ByteBuffer netOut;
    boolean handshakeDone;
    /** {@code closeOutbound} was called: close_notify is queued or sent; no more application data. */
    boolean closeNotifyQueued;
    /** The socket's output was shut down after the close_notify left. */
    boolean tcpOutputShut;
    /** close_notify (or end of stream) came from the peer. */
    boolean inboundDone;
    LoopTimers.Timeout handshakeTimer;

    TlsSession(SSLEngine engine, int poolBufferSize) {
        if (engine.getSession().getPacketBufferSize() > poolBufferSize
                || engine.getSession().getApplicationBufferSize() > poolBufferSize) {
            // Only with jsse.SSLEngine.acceptLargeFragments, which the proxy does not support.
            throw new IllegalStateException("TLS records larger than " + poolBufferSize + " bytes are not supported");
        }
        this.engine = engine;
    }

    static ByteBuffer empty() {
        return EMPTY;
    }

    /** The engine has handshake messages to send (during the handshake, or after it). */
    boolean waitsToWrite() {
        return !handshakeDone || engine.getHandshakeStatus() == javax.net.ssl.SSLEngineResult.HandshakeStatus.NEED_WRAP;
    }

    /** A packet fits into what is free of {@link #netOut}. */
    boolean netOutHasRoom() {
        return netOut == null || netOut.remaining() >= engine.getSession().getPacketBufferSize();
    }

    /** A read has somewhere to go (the engine may hold back a record while its output waits). */
    boolean netInHasRoom() {
        return netIn == null || netIn.hasRemaining();
    }

    boolean hasPendingOutput() {
        return netOut != null && netOut.position() > 0;
    }

    boolean hasPendingInput() {
        return netIn != null && netIn.position() > 0;
    }

    ByteBuffer netOut(BufferPool pool) {
        if (netOut == null) {
            netOut = pool.acquire();
        }
        return netOut;
    }

    ByteBuffer netIn(BufferPool pool) {
        if (netIn == null) {
            netIn = pool.acquire();
        }
        return netIn;
    }

    /**
     * Writes what {@link #netOut} holds as far as the socket takes it; the buffer goes back to the
     * pool once empty. Returns true when nothing is left waiting.
     */
    boolean writeNetOut(SocketChannel channel, BufferPool pool) throws IOException {
        if (netOut == null) {
            return true;
        }
        netOut.flip();
        try {
            while (netOut.hasRemaining()) {
                if (channel.write(netOut) == 0) {
                    break;
                }
            }
        } finally {
            netOut.compact();
        }
        if (netOut.position() > 0) {
            return false;
        }
        pool.release(netOut);
        netOut = null;
        return true;
    }

    /** Gives the read buffer back when it holds nothing. */
    void releaseNetInIfEmpty(BufferPool pool) {
        if (netIn != null && netIn.position() == 0) {
            pool.release(netIn);
            netIn = null;
        }
    }

    /** Both buffers back to the pool (the socket is closed). */
    void release(BufferPool pool) {
        pool.release(netIn);
        netIn = null;
        pool.release(netOut);
        netOut = null;
    }
}
