package dev.leakaudit.agent.handlers;

import java.lang.ref.WeakReference;
import java.util.Objects;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.ledger.ThreadInfo;

/**
 * One handler registered with one source during a test or a test class. Source and handler are
 * held weakly: a registration whose source (or handler) was collected can no longer leak anything.
 */
final class HandlerRegistration {

    private final long id;
    private final String registeredWith;   // declaring class and add method, e.g. java.lang.Runtime.addShutdownHook
    private final String sourceClass;
    private final String handlerClass;
    private final WeakReference<Object> source;
    private final WeakReference<Object> handler;
    private final String qualifier;        // e.g. an event name given beside the handler, or null
    private final Throwable registeredAt;
    private final long atMillis;
    private final ThreadInfo thread;
    private final Attribution attribution;
    private volatile boolean removed;
    private volatile boolean judged;

    HandlerRegistration(long id, String registeredWith, Object source, Object handler, String qualifier,
                        Throwable registeredAt, long atMillis, ThreadInfo thread, Attribution attribution) {
        this.id = id;
        this.registeredWith = registeredWith;
        this.sourceClass = source.getClass().getName();
        this.handlerClass = stableName(handler.getClass().getName());
        this.source = new WeakReference<>(source);
        this.handler = new WeakReference<>(handler);
        this.qualifier = qualifier;
        this.registeredAt = registeredAt;
        this.atMillis = atMillis;
        this.thread = thread;
        this.attribution = attribution;
    }

    /** {@code Foo$$Lambda$612/0x...} (JDK 17) or {@code Foo$$Lambda/0x...} (JDK 21+) as {@code Foo$$Lambda}. */
    static String stableName(String className) {
        int lambda = className.indexOf("$$Lambda");
        return lambda < 0 ? className : className.substring(0, lambda) + "$$Lambda";
    }

    /** Same handler object (and, where both name one, the same qualifier). */
    boolean matches(Object candidateHandler, String candidateQualifier) {
        return handler.get() == candidateHandler
                && (candidateQualifier == null || qualifier == null || Objects.equals(qualifier, candidateQualifier));
    }

    boolean matchesQualifier(String candidateQualifier) {
        return candidateQualifier == null || qualifier == null || Objects.equals(qualifier, candidateQualifier);
    }

    /** Still registered: never removed, and both source and handler still reachable. */
    boolean isLive() {
        return !removed && source.get() != null && handler.get() != null;
    }

    void markRemoved() {
        removed = true;
    }

    boolean isJudged() {
        return judged;
    }

    void markJudged() {
        judged = true;
    }

    long id() {
        return id;
    }

    String registeredWith() {
        return registeredWith;
    }

    String sourceClass() {
        return sourceClass;
    }

    String handlerClass() {
        return handlerClass;
    }

    String qualifier() {
        return qualifier;
    }

    Throwable registeredAt() {
        return registeredAt;
    }

    long atMillis() {
        return atMillis;
    }

    ThreadInfo thread() {
        return thread;
    }

    Attribution attribution() {
        return attribution;
    }
}
