package dev.leakaudit.agent.ledger;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the start-up self-test's probes were seen doing; probes never enter the ledger. */
public final class ProbeCounter {

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    void countOpened() {
        opened.incrementAndGet();
    }

    void countClosed() {
        closed.incrementAndGet();
    }

    public int opened() {
        return opened.get();
    }

    public int closed() {
        return closed.get();
    }
}
