package dev.leakaudit.agent.kinds.processes;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.bootstrap.AgentThreadState;
import dev.leakaudit.agent.bootstrap.KindEventSink;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.WeakIdentityMap;

/**
 * Child processes started by the program: a record per process (by identity, held weakly), told
 * when the program waits for it and when it closes one of its pipes (each pipe is mapped to its
 * process when the process starts, so nothing is asked of a stream later, where a reader may hold
 * its lock).
 */
final class ProcessTracker implements KindEventSink {

    static final String STARTED = "started";
    static final String WAITED = "waited";
    static final String PIPE_CLOSED = "pipeClosed";

    private final KindContext context;
    private final WeakIdentityMap<ProcessRecord> processes = new WeakIdentityMap<>();
    private final WeakIdentityMap<ProcessRecord> pipes = new WeakIdentityMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    ProcessTracker(KindContext context) {
        this.context = context;
    }

    @Override
    public void on(String event, Object subject, Object detail) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return;
        }
        try {
            if (STARTED.equals(event) && subject instanceof Process) {
                started((Process) subject, detail, state);
            } else if (WAITED.equals(event)) {
                ProcessRecord record = processes.get(subject);
                if (record != null) {
                    record.waitedFor();
                }
            } else if (PIPE_CLOSED.equals(event)) {
                ProcessRecord record = pipes.remove(subject);
                if (record != null) {
                    record.pipeClosed();
                }
            }
        } finally {
            state.exit();
        }
    }

    private void started(Process process, Object builder, AgentThreadState state) {
        if (processes.get(process) != null) {
            return;
        }
        int openPipes = 0;
        // Its output and error: what the program reads and must close (the JDK closes the input pipe at exit).
        InputStream out = process.getInputStream();
        InputStream err = process.getErrorStream();
        for (Object pipe : new Object[] {out, err}) {
            if (isPipe(pipe)) {
                openPipes++;
            }
        }
        ProcessRecord record = new ProcessRecord(nextId.getAndIncrement(), process, commandOf(builder), openPipes,
                context.sites().beginning(), System.currentTimeMillis(), ThreadInfo.current(state),
                context.scopes().attributeCurrentThread(state), context.scopes());
        for (Object pipe : new Object[] {out, err}) {
            if (isPipe(pipe)) {
                pipes.put(pipe, record);
            }
        }
        processes.put(process, record);
        context.judge().began(record);
    }

    /** A redirected stream ({@code ProcessBuilder.Redirect}) is a null stream the program need not close. */
    private static boolean isPipe(Object stream) {
        return stream != null && !stream.getClass().getName().startsWith("java.lang.ProcessBuilder$Null");
    }

    private static String commandOf(Object builder) {
        if (builder instanceof ProcessBuilder) {
            List<String> command = ((ProcessBuilder) builder).command();
            return String.join(" ", command);
        }
        return null;
    }
}
