package dev.leakaudit.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's process id and command, read without {@code ProcessHandle} or the management beans:
 * initialising either costs every forked JVM tens of milliseconds of its start for two plain facts.
 */
public final class ThisJvm {

    private static final long PID = readPid();

    private ThisJvm() {
    }

    /** The process id. */
    public static long pid() {
        return PID;
    }

    /** The main class or jar and its arguments, as the launcher was given them; null when unknown. */
    public static String command() {
        return System.getProperty("sun.java.command");
    }

    private static long readPid() {
        try {
            // Linux: /proc/self links to /proc/PID; a plain file-system read, nothing to initialise
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).getFileName().toString());
        } catch (IOException | RuntimeException notLinux) {
            return ProcessHandle.current().pid();
        }
    }
}
