package dev.leakaudit.agent.kinds.retention;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Forces garbage collection until watched objects are gone or a time bound passes, LeakCanary
 * style: {@code System.gc()}, then wait on a reference queue for a growing interval, a few rounds.
 * A canary object, unreachable from the start, tells whether collections actually happen (they do
 * not with {@code -XX:+DisableExplicitGC}); without that, nothing can be judged.
 */
final class GarbageCollection {

    static final int MAX_ROUNDS = 5;
    private static final long FIRST_WAIT_MILLIS = 50;

    /** What a forced collection achieved. */
    static final class Outcome {
        final boolean effective;
        final int rounds;
        final long millis;

        Outcome(boolean effective, int rounds, long millis) {
            this.effective = effective;
            this.rounds = rounds;
            this.millis = millis;
        }
    }

    private GarbageCollection() {
    }

    /** Collects until every reference in {@code watched} (registered with {@code queue}) is cleared, or the bound. */
    static Outcome await(List<? extends Reference<?>> watched, ReferenceQueue<Object> queue, long boundMillis) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(boundMillis);
        WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
        long wait = FIRST_WAIT_MILLIS;
        int rounds = 0;
        while (true) {
            System.gc();
            rounds++;
            if (canary.get() == null && allCleared(watched)) {
                break;
            }
            if (rounds >= MAX_ROUNDS || System.nanoTime() >= deadline) {
                break;
            }
            long roundEnd = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait));
            try {
                // wakes early when a reference is enqueued (e.g. a cleaner released what held an object)
                while (System.nanoTime() < roundEnd) {
                    long left = TimeUnit.NANOSECONDS.toMillis(roundEnd - System.nanoTime());
                    if (queue.remove(Math.max(1, left)) != null && canary.get() == null && allCleared(watched)) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            wait *= 2;
        }
        while (queue.poll() != null) {
            // drop what was enqueued; the references themselves are checked by the caller
        }
        return new Outcome(canary.get() == null, rounds, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static boolean allCleared(List<? extends Reference<?>> watched) {
        for (Reference<?> reference : watched) {
            if (reference.get() != null) {
                return false;
            }
        }
        return true;
    }
}
