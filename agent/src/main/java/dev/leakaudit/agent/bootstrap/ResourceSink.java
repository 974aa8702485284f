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

    /**
     * A JDK pool took {@code resource} back from its user ({@code owner} is the pooled connection
     * object, e.g. {@code sun.net.www.http.HttpClient}, that a later check-out returns).
     */
    default void pooled(Object owner, Object resource) {
    }

    /** A JDK pool handed the pooled connection {@code owner} out again, to the current thread. */
    default void checkedOut(Object owner) {
    }
}
