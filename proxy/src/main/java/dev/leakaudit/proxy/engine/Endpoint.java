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

    void enqueue(ByteBuffer readMode) {
        outbound.addLast(readMode);
        outboundBytes += readMode.remaining();
    }

    /**
     * Writes as much of {@link #outbound} as the socket takes. Returns true when it is empty.
     * Fully written buffers go back to {@code pool}.
     */
    boolean flush(BufferPool pool) throws IOException {
        ByteBuffer head;
        while ((head = outbound.peekFirst()) != null) {
            int n = channel.write(head);
            bytesWritten += n;
            outboundBytes -= n;
            if (n > 0) {
                record.touch();
                record.manager().written(this, n);
            }
            if (head.hasRemaining()) {
                return false;
            }
            outbound.pollFirst();
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
    }

    Endpoint peer() {
        return role == Role.INCOMING ? record.outgoing : record.incoming;
    }

    @Override
    public String toString() {
        return record.id() + "/" + role.name().toLowerCase();
    }
}
