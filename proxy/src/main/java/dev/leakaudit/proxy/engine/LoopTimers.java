package dev.leakaudit.proxy.engine;

import java.util.Arrays;

/**
 * The deadlines of one event loop, in a binary heap, touched by the loop thread only: the loop
 * selects no longer than the nearest deadline and then runs what is due. Scheduling and cancelling
 * cost no lock, no other thread and no wake-up (a connection schedules three or four timers and
 * cancels most of them); a cancelled timer leaves the heap at once, so a long timeout (a lifetime
 * of days) cancelled by a short connection holds no memory.
 */
final class LoopTimers {

    /** One pending deadline; {@link #cancel()} on the loop thread. */
    static final class Timeout {
        private final LoopTimers owner;
        private final long deadline;
        private final Runnable task;
        private int index = -1;

        private Timeout(LoopTimers owner, long deadline, Runnable task) {
            this.owner = owner;
            this.deadline = deadline;
            this.task = task;
        }

        /** Takes the timer out; nothing if it ran or was cancelled already. */
        void cancel() {
            owner.remove(this);
        }

        boolean pending() {
            return index >= 0;
        }
    }

    private Timeout[] heap = new Timeout[16];
    private volatile int size;

    /** Runs {@code task} on the loop after {@code delayNanos} (overflow-safe up to about 292 years). */
    Timeout schedule(long delayNanos, long nowNanos, Runnable task) {
        Timeout t = new Timeout(this, nowNanos + Math.max(0, delayNanos), task);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        int i = size;
        heap[i] = t;
        t.index = i;
        size = i + 1;
        siftUp(i);
        return t;
    }

    /** Nanoseconds until the nearest deadline (0 if one is due), or -1 when none is pending. */
    long nanosToNext(long nowNanos) {
        if (size == 0) {
            return -1;
        }
        return Math.max(0, heap[0].deadline - nowNanos);
    }

    /** Removes and returns a timer that is due, or null; the caller runs its task. */
    Runnable pollDue(long nowNanos) {
        if (size == 0 || heap[0].deadline - nowNanos > 0) {
            return null;
        }
        Timeout t = heap[0];
        remove(t);
        return t.task;
    }

    /** Pending timers (read on any thread: approximate). */
    int size() {
        return size;
    }

    /** Drops every pending timer (the loop is ending). */
    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].index = -1;
            heap[i] = null;
        }
        size = 0;
        if (heap.length > 16) {
            heap = new Timeout[16];
        }
    }

    private void remove(Timeout t) {
        int i = t.index;
        if (i < 0) {
            return;
        }
        t.index = -1;
        int last = size - 1;
        size = last;
        if (i == last) {
            heap[last] = null;
        } else {
            Timeout moved = heap[last];
            heap[last] = null;
            heap[i] = moved;
            moved.index = i;
            siftDown(i);
            if (moved.index == i) {
                siftUp(i);
            }
        }
        // Give memory back after a burst of connections (a quarter full: halve).
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    private void siftUp(int i) {
        Timeout t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timeout p = heap[parent];
            if (t.deadline - p.deadline >= 0) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private void siftDown(int i) {
        Timeout t = heap[i];
        int n = size;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && heap[child + 1].deadline - heap[child].deadline < 0) {
                child++;
            }
            Timeout c = heap[child];
            if (c.deadline - t.deadline >= 0) {
                break;
            }
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
