package dev.leakaudit.agent.kinds.files;

import java.io.File;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.bootstrap.AgentThreadState;
import dev.leakaudit.agent.bootstrap.KindEventSink;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.WeakIdentityMap;

/**
 * Open files, by identity and held weakly: what the file advice reports (an open with its path, a
 * close) becomes a record the judge decides on. A stream's own file channel ({@code getChannel()})
 * shares its descriptor and is not counted again. While the self-test probes, events on its
 * thread are only counted.
 */
final class FileTracker implements KindEventSink {

    static final String OPENED = "opened";
    static final String CLOSED = "closed";

    private final KindContext context;
    private final WeakIdentityMap<FileRecord> open = new WeakIdentityMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile Thread probing;
    final AtomicInteger probeOpens = new AtomicInteger();
    final AtomicInteger probeCloses = new AtomicInteger();

    FileTracker(KindContext context) {
        this.context = context;
    }

    @Override
    public void on(String event, Object subject, Object detail) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return; // the agent's own files (its report, its jar)
        }
        try {
            if (OPENED.equals(event)) {
                opened(subject, detail, state);
            } else if (CLOSED.equals(event)) {
                closed(subject, state);
            }
        } finally {
            state.exit();
        }
    }

    private void opened(Object file, Object detail, AgentThreadState state) {
        String path;
        if (detail instanceof Object[]) { // a file channel's factory: (descriptor, path, ..., parent)
            Object[] arguments = (Object[]) detail;
            if (arguments.length > 0 && arguments[arguments.length - 1] != null) {
                return; // a stream's or a random-access file's own channel: that owner is the open file
            }
            path = arguments.length > 1 ? String.valueOf(arguments[1]) : null;
        } else {
            path = detail == null ? null : detail instanceof File ? ((File) detail).getPath() : detail.toString();
        }
        if (probing == Thread.currentThread()) {
            probeOpens.incrementAndGet();
            return;
        }
        if (open.get(file) != null) {
            return; // a delegating constructor
        }
        FileRecord record = new FileRecord(nextId.getAndIncrement(), file, path, context.sites().beginning(),
                System.currentTimeMillis(), ThreadInfo.current(state), context.scopes().attributeCurrentThread(state),
                context.scopes());
        open.put(file, record);
        context.judge().began(record);
    }

    private void closed(Object file, AgentThreadState state) {
        if (probing == Thread.currentThread()) {
            probeCloses.incrementAndGet();
            return;
        }
        FileRecord record = open.remove(file);
        if (record != null && record.close(System.currentTimeMillis(), ThreadInfo.current(state))) {
            context.judge().ended(record);
        }
    }

    /** From now until {@link #endProbe()}, this thread's file events are the self-test's, only counted. */
    void startProbe(Thread thread) {
        probeOpens.set(0);
        probeCloses.set(0);
        probing = thread;
    }

    void endProbe() {
        probing = null;
    }
}
