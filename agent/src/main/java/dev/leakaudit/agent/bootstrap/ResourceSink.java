package dev.leakaudit.agent.bootstrap;

/**
 * Receives the calls that instrumented JDK code makes. Lives on the bootstrap class path, so its
 * signature uses java.base types only.
 */
public interface ResourceSink {

    /** A resource now holds an operating-system handle (connected, bound, accepted or created). */
    void opened(Object resource);

    /** {@code close()} was called on a resource; called on entry, before the JDK's own checks. */
    void closing(Object resource);
}
