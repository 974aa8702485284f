package dev.leakaudit.agent.kinds.sockets;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the start-up self-test's probes were seen doing; probes never enter the ledger. */
public final class ProbeCounter {

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private volatile Thread thread;

    void startOn(Thread probingThread) {
        thread = probingThread;
    }

    /** True on the thread that runs the probes (no thread-local needed: one probe at start-up). */
    boolean isProbing() {
        return Thread.currentThread() == thread;
    }

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
