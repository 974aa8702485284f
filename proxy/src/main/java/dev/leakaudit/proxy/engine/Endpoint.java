package dev.leakaudit.proxy.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One socket of a connection (the client's or the backend's) with the bytes waiting to be
 * written to it. Touched only on the connection's event-loop thread. The flags make every
 * transition happen once: one {@code shutdownOutput}, one {@code close}.
 */
final class Endpoint implements EventLoop.IoHandler {

    enum Role { INCOMING, OUTGOING }

    final ConnectionRecord record;
    final Role role;
    final SocketChannel channel;
    SelectionKey key;
    /** The socket is connected (always for the client; after finishConnect for the backend). */
    boolean connected;
    /** End of stream was read from this socket. */
    boolean inputEnded;
    /** Our side of this socket was ended with shutdownOutput. */
    boolean outputShut;
    /** End this socket's output once {@link #outbound} is empty. */
    boolean shutdownAfterFlush;
    /** An I/O error happened on this socket; it is closed at once, not ended gracefully. */
    boolean failed;
    /** close() was called (exactly once). */
    boolean closed;
    /** Bytes waiting to be written to this socket, oldest first; pooled buffers in read mode. */
    final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    long outboundBytes;
    /**
     * Capacity of the buffers in {@link #outbound}: what the queue really holds in memory, and what
     * back-pressure counts (a one-byte read must not pin a whole buffer uncounted).
     */
    long queuedCapacity;
    /** Bytes read from / written to this socket (the plaintext, on a socket whose TLS the proxy speaks). */
    long bytesRead;
    long bytesWritten;
    /** The socket's TLS when the proxy takes part in it; null for bytes passed as they are. */
    TlsSession tls;

    Endpoint(ConnectionRecord record, Role role, SocketChannel channel) {
        this.record = record;
        this.role = role;
        this.channel = channel;
    }

    @Override
    public void ready(SelectionKey k) {
        record.manager().onReady(this, k);
    }

    @Override
    public void failed(Throwable t) {
        record.manager().contain(record, t);
    }

    /**
     * Queues a copy of {@code src}'s remaining bytes: into the last queued buffer while it has room,
     * then into new pooled ones, so that many small reads share one buffer. Consumes {@code src}.
     */
    void append(ByteBuffer src, BufferPool pool) {
        while (src.hasRemaining()) {
            ByteBuffer tail = outbound.peekLast();
            if (tail == null || tail.limit() == tail.capacity()) {
                tail = pool.acquire();
                tail.limit(0); // read mode, nothing in it yet
                outbound.addLast(tail);
                queuedCapacity += tail.capacity();
            }
            int at = tail.limit();
            int n = Math.min(src.remaining(), tail.capacity() - at);
            tail.limit(at + n);
            tail.put(at, src, src.position(), n);
            src.position(src.position() + n);
            outboundBytes += n;
        }
    }

    /**
     * Writes from {@code src} what the socket takes now, counting it; returns the bytes written (of
     * {@code src}: with TLS, the plaintext that went into records on their way out).
     */
    int write(ByteBuffer src) throws IOException {
        int n = tls == null ? channel.write(src) : record.manager().tls.wrapAndWrite(this, src);
        if (n > 0) {
            bytesWritten += n;
            record.touch();
            record.manager().written(this, n);
        }
        return n;
    }

    /**
     * Writes as much of {@link #outbound} as the socket takes. Returns true when it is empty.
     * Fully written buffers go back to {@code pool}.
     */
    boolean flush(BufferPool pool) throws IOException {
        if (tls != null && !flushCiphertext(pool)) {
            return false;
        }
        ByteBuffer head;
        while ((head = outbound.peekFirst()) != null) {
            outboundBytes -= write(head);
            if (head.hasRemaining()) {
                return false;
            }
            outbound.pollFirst();
            queuedCapacity -= head.capacity();
            pool.release(head);
        }
        return tls == null || flushCiphertext(pool);
    }

    /** TLS: writes the records made earlier; once they are out after a close_notify, ends the output. */
    private boolean flushCiphertext(BufferPool pool) throws IOException {
        if (!tls.writeNetOut(channel, pool)) {
            return false;
        }
        if (tls.closeNotifyQueued && !tls.tcpOutputShut) {
            tls.tcpOutputShut = true;
            channel.shutdownOutput();
        }
        return true;
    }

    /**
     * Ends this socket's output: a FIN, preceded with TLS by a close_notify (which may wait for the
     * socket to take it; {@link #flush} then sends the FIN).
     */
    void endOutput() throws IOException {
        if (tls == null || !tls.handshakeDone) {
            channel.shutdownOutput();
            return;
        }
        record.manager().tls.closeOutbound(this);
        flushCiphertext(record.loop().buffers());
    }

    /** Bytes wait to be written: queued, or (TLS) already made into records. */
    boolean hasPendingOutput() {
        return !outbound.isEmpty() || (tls != null && tls.hasPendingOutput());
    }

    /** The socket should be watched for writability: something waits that can be written now. */
    boolean wantsWrite() {
        if (tls == null) {
            return !outbound.isEmpty();
        }
        return tls.hasPendingOutput() || (tls.handshakeDone && !outbound.isEmpty());
    }

    /** Gives every queued buffer back to the pool, and the TLS buffers. */
    void releaseBuffers(BufferPool pool) {
        ByteBuffer b;
        while ((b = outbound.pollFirst()) != null) {
            pool.release(b);
        }
        outboundBytes = 0;
        queuedCapacity = 0;
        if (tls != null) {
            tls.release(pool);
        }
    }

    Endpoint peer() {
        return role == Role.INCOMING ? record.outgoing : record.incoming;
    }

    @Override
    public String toString() {
        return record.id() + "/" + role.name().toLowerCase();
    }
}
