package dev.leakaudit.agent.verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * Registrations that a library makes once for the life of the process, such as a logging
 * framework's shutdown hook registered when the first test happened to log. They belong to the
 * library, not to that test, and are never findings. Recognised by any frame of the registration's
 * stack starting with a known prefix (built in below) or one given with option {@code processWide}.
 */
public final class ProcessWidePrefixes {

    /** Libraries known to register process-wide hooks on first use. */
    static final List<String> BUILT_IN = List.of(
            "org.apache.logging.log4j.",            // Log4j 2: DefaultShutdownCallbackRegistry
            "org.apache.log4j.",                    // Log4j 1 and reload4j
            "ch.qos.logback.",                      // Logback: ShutdownHookAction, DelayingShutdownHook
            "java.util.logging.LogManager",         // JUL: LogManager's Cleaner, on first use
            "jdk.jfr.internal.PlatformRecorder.",    // the flight recorder's hook, made with the first recording
            "org.tinylog.",
            "org.jboss.logmanager.",
            "org.springframework.boot.SpringApplicationShutdownHook",
            "org.springframework.context.support.AbstractApplicationContext.registerShutdownHook",
            "org.testcontainers.");

    private final List<String> prefixes;

    public ProcessWidePrefixes(List<String> userPrefixes) {
        List<String> all = new ArrayList<>(BUILT_IN);
        all.addAll(userPrefixes);
        this.prefixes = List.copyOf(all);
    }

    /** The prefix that makes a registration with this stack process-wide, or null. */
    public String matching(List<String> frames) {
        for (String frame : frames) {
            for (String prefix : prefixes) {
                if (frame.startsWith(prefix)) {
                    return prefix;
                }
            }
        }
        return null;
    }
}
