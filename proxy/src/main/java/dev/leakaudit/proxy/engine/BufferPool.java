package dev.leakaudit.proxy.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of one size, owned by one event loop and used only on its thread (no locking).
 * Buffers come back with {@link #release}; at most {@code maxRetained} idle buffers are kept, and
 * {@link #clear()} drops them when the loop stops. {@link #outstanding()} counts buffers handed
 * out and not returned, which must be zero once every connection of the loop is closed.
 */
public final class BufferPool {

    private final int bufferSize;
    private final int maxRetained;
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    private int outstanding;
    private long allocated;

    public BufferPool(int bufferSize, int maxRetained) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("bufferSize must be positive");
        }
        this.bufferSize = bufferSize;
        this.maxRetained = Math.max(0, maxRetained);
    }

    public ByteBuffer acquire() {
        ByteBuffer b = idle.pollFirst();
        if (b == null) {
            b = ByteBuffer.allocateDirect(bufferSize);
            allocated++;
        }
        outstanding++;
        return b;
    }

    /** Returns a buffer obtained from {@link #acquire()}; null is ignored. */
    public void release(ByteBuffer b) {
        if (b == null) {
            return;
        }
        outstanding--;
        b.clear();
        if (idle.size() < maxRetained) {
            idle.addFirst(b);
        }
    }

    public int bufferSize() {
        return bufferSize;
    }

    public int outstanding() {
        return outstanding;
    }

    public int idle() {
        return idle.size();
    }

    public long allocated() {
        return allocated;
    }

    public void clear() {
        idle.clear();
    }
}
