package dev.leakaudit.agent.bootstrap;

/**
 * One entry for every kind that needs no hot path of its own (files, child processes, and the
 * kinds to come): an event about a subject, with a detail the kind's advice passes (a path, the
 * arguments of a factory, a process builder). A new kind adds advice and a sink, never a bootstrap
 * class. Lives on the bootstrap class path; java.base types only.
 */
public interface KindEventSink {

    /** {@code event} ({@code opened}, {@code closed}, {@code started}, {@code waited}, ...) on {@code subject}. */
    void on(String event, Object subject, Object detail);
}
