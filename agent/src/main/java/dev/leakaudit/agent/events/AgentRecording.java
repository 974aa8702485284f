package dev.leakaudit.agent.events;

import java.io.IOException;
import java.nio.file.Path;

import jdk.jfr.Recording;

/**
 * The agent's own recording of its events, written beside the report. It enables only the
 * {@code leakaudit.*} events, so the file stays small and the program's timing is untouched.
 */
public final class AgentRecording {

    private final Recording recording;
    private final Path file;

    private AgentRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    public static AgentRecording start(Path file, boolean openStacks) throws IOException {
        Recording recording = new Recording();
        recording.setName("leak-audit");
        recording.setToDisk(true);
        // Ordinary opens and closes carry no stack (the findings carry where things were opened);
        // stacks=full adds the stack to open events. Double closes and findings always have theirs.
        for (String name : FlightRecorderEvents.EVENT_NAMES) {
            if (name.equals(ResourceClosedEvent.NAME) || (name.equals(ResourceOpenedEvent.NAME) && !openStacks)) {
                recording.enable(name).withoutStackTrace();
            } else {
                recording.enable(name).withStackTrace();
            }
        }
        // JFR writes the file itself when the JVM exits: its own shutdown hook runs beside ours and
        // removes the disk repository, so a dump from our hook could find no data.
        java.nio.file.Files.createDirectories(file.getParent());
        recording.setDestination(file);
        recording.setDumpOnExit(true);
        recording.start();
        return new AgentRecording(recording, file);
    }

    public Path file() {
        return file;
    }
}
