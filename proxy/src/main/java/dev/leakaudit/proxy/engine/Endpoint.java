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
    /** Bytes read from / written to this socket. */
    long bytesRead;
    long bytesWritten;

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

    /** Writes from {@code src} what the socket takes now, counting it; returns the bytes written. */
    int write(ByteBuffer src) throws IOException {
        int n = channel.write(src);
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
        return true;
    }

    /** Gives every queued buffer back to the pool. */
    void releaseOutbound(BufferPool pool) {
        ByteBuffer b;
        while ((b = outbound.pollFirst()) != null) {
            pool.release(b);
        }
        outboundBytes = 0;
        queuedCapacity = 0;
    }

    Endpoint peer() {
        return role == Role.INCOMING ? record.outgoing : record.incoming;
    }

    @Override
    public String toString() {
        return record.id() + "/" + role.name().toLowerCase();
    }
}
