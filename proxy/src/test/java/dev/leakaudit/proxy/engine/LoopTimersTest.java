package dev.leakaudit.proxy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The loop's deadline heap: due order, cancellation from anywhere in the heap, overflow-safe clock. */
class LoopTimersTest {

    @Test
    void dueTimersComeOutInDeadlineOrderAndCancelledOnesNever() {
        LoopTimers timers = new LoopTimers();
        List<Integer> ran = new ArrayList<>();
        List<LoopTimers.Timeout> all = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            int delay = random.nextInt(1000);
            all.add(timers.schedule(delay, 0, () -> ran.add(delay)));
        }
        // Cancel every third one, from anywhere in the heap.
        int cancelled = 0;
        for (int i = 0; i < all.size(); i += 3) {
            all.get(i).cancel();
            all.get(i).cancel(); // twice: nothing more happens
            cancelled++;
        }
        assertEquals(500 - cancelled, timers.size());
        assertEquals(0, timers.nanosToNext(1000));
        Runnable task;
        while ((task = timers.pollDue(999)) != null) {
            task.run();
        }
        assertEquals(500 - cancelled, ran.size());
        for (int i = 1; i < ran.size(); i++) {
            assertFalse(ran.get(i) < ran.get(i - 1), "out of order at " + i + ": " + ran);
        }
        assertEquals(-1, timers.nanosToNext(0));
    }

    @Test
    void nothingIsDueBeforeItsDeadlineEvenAcrossTheClocksWrap() {
        LoopTimers timers = new LoopTimers();
        long now = Long.MAX_VALUE - 10;
        LoopTimers.Timeout t = timers.schedule(100, now, () -> { });
        assertNull(timers.pollDue(now + 50));
        assertEquals(60, timers.nanosToNext(now + 40));
        assertEquals(true, t.pending());
        timers.pollDue(now + 100).run();
        assertFalse(t.pending());
        assertEquals(0, timers.size());
    }
}
