package dev.leakaudit.agent.kinds.retention;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * What makes a retained buffer worth reading. A buffer a pool keeps to hand out again is the pool
 * working, not a leak: its reference path runs through a pool class's free list or cache (a field
 * of a class named like a pool, or a nested cache class of one, e.g. {@code BufferPool.free} or
 * {@code DefaultByteBufferPool$ThreadLocalCache.buffers}); one a pool lists as in use ({@code inUse}, {@code leased}) stays a
 * finding, as does one held anywhere else. A small heap buffer keeps little: a note.
 */
final class BufferPools {

    /** Below this, a heap buffer's retention is a note: a few array bytes, taken with its holder. */
    static final int SMALL_HEAP_BYTES = 1024;

    /** Field names of a pool's spare buffers (lower case, contained). */
    private static final List<String> FREE_LIST_FIELDS = List.of("free", "cache", "idle", "available", "spare",
            "recycl", "unused");

    private BufferPools() {
    }

    /** True when a step of {@code path} is a free-list or cache field of a class named like a pool. */
    static boolean inFreeList(List<String> path) {
        if (path == null) {
            return false;
        }
        for (String step : path) {
            int dot = step.lastIndexOf('.');
            if (dot <= 0 || step.startsWith("thread ")) {
                continue;
            }
            String holder = step.substring(0, dot);
            String simple = holder.substring(holder.lastIndexOf('.') + 1);
            int pool = simple.indexOf("Pool");
            if (pool < 0) {
                continue;
            }
            // What follows the pool's name: its nested class (a ThreadLocalCache) and the field.
            String within = (simple.substring(pool + "Pool".length()) + '.' + step.substring(dot + 1))
                    .toLowerCase(Locale.ROOT);
            if (FREE_LIST_FIELDS.stream().anyMatch(within::contains)) {
                return true;
            }
        }
        return false;
    }

    static boolean isSmallHeap(ByteBuffer buffer) {
        return !buffer.isDirect() && buffer.capacity() < SMALL_HEAP_BYTES;
    }
}
