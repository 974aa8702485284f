package dev.leakaudit.agent.kinds.handlers;

import java.lang.ref.WeakReference;
import java.util.Objects;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;

/**
 * One handler registered with one source during a test or a test class. Source and handler are
 * held weakly: a registration whose source (or handler) was collected can no longer leak anything.
 */
public final class HandlerRegistration extends Tracked {

    private final long id;
    private final String registeredWith;   // declaring class and add method, e.g. java.lang.Runtime.addShutdownHook
    private final String sourceClass;
    private final String handlerClass;
    private final WeakReference<Object> source;
    private final WeakReference<Object> handler;
    private final String qualifier;        // e.g. an event name given beside the handler, or null
    private final HandlerTracker tracker;
    private volatile boolean removed;

    HandlerRegistration(long id, String registeredWith, Object source, Object handler, String qualifier,
                        CallStack registeredAt, long atMillis, ThreadInfo thread, Attribution attribution,
                        HandlerTracker tracker) {
        super(attribution, atMillis, thread, registeredAt);
        this.id = id;
        this.registeredWith = registeredWith;
        this.sourceClass = source.getClass().getName();
        this.handlerClass = stableName(handler.getClass().getName());
        this.source = new WeakReference<>(source);
        this.handler = new WeakReference<>(handler);
        this.qualifier = qualifier;
        this.tracker = tracker;
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

    /** Removed now, on this thread: the registration's end. */
    boolean markRemoved() {
        removed = true;
        return end(System.currentTimeMillis(), "removed", ThreadInfo.current());
    }

    @Override
    public boolean isPending() {
        return isLive();
    }

    @Override
    public Finding finding(FindingContext findings, boolean atExit) {
        if (attribution().scope() == null && tracker.perTestRun()) {
            return null; // registered before the first test of a per-test run: the program's own
        }
        return HandlerFindings.handlerLeft(findings, this, tracker.removalAdvice(this), atExit);
    }

    @Override
    public String kindId() {
        return "handler";
    }

    @Override
    public String resourceClassName() {
        return handlerClass;
    }

    @Override
    public boolean isRegistration() {
        return true;
    }

    public long id() {
        return id;
    }

    /** Declaring class and add method, e.g. {@code java.lang.Runtime.addShutdownHook}. */
    public String registeredWith() {
        return registeredWith;
    }

    public String sourceClass() {
        return sourceClass;
    }

    public String handlerClass() {
        return handlerClass;
    }

    public String qualifier() {
        return qualifier;
    }

    public long atMillis() {
        return beganAtMillis();
    }

    public ThreadInfo thread() {
        return beganOn();
    }
}
