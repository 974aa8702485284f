package dev.leakaudit.agent.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.leakaudit.agent.verdict.Finding;

/**
 * Registers the agent's JFR events and starts its recording on a thread of its own while the
 * advice is installed (each takes a few hundred milliseconds of a JVM's start, and they do not
 * depend on each other). Until it is done, events go nowhere; nothing is instrumented yet then.
 */
public final class FlightRecorderStartup {

    private final Forwarding events = new Forwarding();
    private final CompletableFuture<AgentRecording> recording = new CompletableFuture<>();

    private FlightRecorderStartup() {
    }

    /**
     * Begins at once. {@code file} null: register the events (a user's own recording may want them)
     * but start no recording of the agent's.
     */
    public static FlightRecorderStartup begin(Path file, boolean openStacks) {
        FlightRecorderStartup startup = new FlightRecorderStartup();
        Thread thread = new Thread(() -> startup.run(file, openStacks), "leak-audit-jfr-start");
        thread.setDaemon(true);
        thread.start();
        return startup;
    }

    private void run(Path file, boolean openStacks) {
        try {
            events.delegate = FlightRecorderEvents.register();
            recording.complete(file == null ? null : AgentRecording.start(file, openStacks));
        } catch (Throwable e) {
            recording.completeExceptionally(e);
        }
    }

    /** The events, forwarded to JFR once it is ready. */
    public AuditEvents events() {
        return events;
    }

    /** Waits for the start; the recording, or null when none was asked for. */
    public AgentRecording awaitRecording() throws IOException {
        try {
            return recording.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the JFR recording", e);
        } catch (ExecutionException e) {
            throw new IOException("could not start the JFR recording: " + e.getCause(), e.getCause());
        }
    }

    private static final class Forwarding implements AuditEvents {
        private volatile AuditEvents delegate = AuditEvents.NONE;

        @Override
        public void opened(String kind, String resourceClass, long resourceId, String test) {
            delegate.opened(kind, resourceClass, resourceId, test);
        }

        @Override
        public void closed(String kind, String resourceClass, long resourceId, String test, long openMillis) {
            delegate.closed(kind, resourceClass, resourceId, test, openMillis);
        }

        @Override
        public void closedAgain(String kind, String resourceClass, long resourceId, String test,
                                String firstCloseStack) {
            delegate.closedAgain(kind, resourceClass, resourceId, test, firstCloseStack);
        }

        @Override
        public void finding(Finding finding) {
            delegate.finding(finding);
        }
    }
}
