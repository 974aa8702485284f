package dev.leakaudit.agent.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.leakaudit.agent.verdict.Finding;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Registers the agent's JFR events and starts its recording on a thread of its own while the
 * advice is installed (each takes a few hundred milliseconds of a JVM's start, and they do not
 * depend on each other). Until it is done, events go nowhere; nothing is instrumented yet then.
 *
 * <p>Without a recording of the agent's own ({@code jfr=false}, the default), nothing of JFR is
 * loaded until the JVM's flight recorder starts for some other reason (a user's
 * {@code -XX:StartFlightRecording}, JDK Mission Control, a {@code Recording} made in a test): the
 * events are registered then, on a thread of their own, and flow from that moment. A JVM that
 * never records pays nothing for them.
 */
public final class FlightRecorderStartup {

    private final Forwarding events = new Forwarding();
    private final CompletableFuture<AgentRecording> recording = new CompletableFuture<>();

    private FlightRecorderStartup() {
    }

    /**
     * Begins at once. {@code file} null: start no recording of the agent's, and register the events
     * when the flight recorder starts (a user's own recording may want them).
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
            if (file == null) {
                FlightRecorder.addListener(new RegisterWhenRecording(events));
                recording.complete(null);
                return;
            }
            events.delegate = FlightRecorderEvents.register();
            recording.complete(AgentRecording.start(file, openStacks));
        } catch (Throwable e) {
            recording.completeExceptionally(e);
        }
    }

    /**
     * Registers the events once the flight recorder starts, off the thread that starts it (which
     * may hold the recorder's locks, and may be inside a test).
     */
    private static final class RegisterWhenRecording implements FlightRecorderListener {
        private final Forwarding events;

        RegisterWhenRecording(Forwarding events) {
            this.events = events;
        }

        @Override
        public void recorderInitialized(FlightRecorder recorder) {
            Thread thread = new Thread(() -> {
                try {
                    events.delegate = FlightRecorderEvents.register();
                } catch (Throwable e) {
                    // events stay off; the report does not depend on them
                }
            }, "leak-audit-jfr-events");
            thread.setDaemon(true);
            thread.start();
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
