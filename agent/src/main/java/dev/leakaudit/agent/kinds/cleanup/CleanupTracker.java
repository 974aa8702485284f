package dev.leakaudit.agent.kinds.cleanup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.bootstrap.AgentThreadState;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.WeakIdentityMap;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.LeakDetector;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.format.Severity;

/**
 * Checks that the cleanup methods declared by option {@code cleanup} are idempotent. While such a
 * method runs, the thread is marked as inside the cleanup of its key (the first argument, else the
 * receiver, else the method itself); tracked effects on that thread are counted for it: closes of
 * tracked sockets and channels (even a repeated close: it is a call the guard should have
 * prevented), handler removals that removed something, and whatever else reports through
 * {@link #effect(String)}. A second call for the same key (by identity) and method that again has
 * effects is a {@code cleanup-not-idempotent} finding, a warning like {@code double-close}, with
 * the stacks of both calls. A guarded second call without effects is clean. Effects are counted
 * on the calling thread only: work a cleanup hands to another thread is not seen.
 */
public final class CleanupTracker implements LeakDetector {

    private static volatile CleanupTracker active;

    private final TestScopes scopes;
    private final FindingContext findings;
    private final WeakIdentityMap<Map<String, FirstCall>> history = new WeakIdentityMap<>();
    private final Queue<Finding> found = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public CleanupTracker(TestScopes scopes, FindingContext findings) {
        this.scopes = scopes;
        this.findings = findings;
    }

    /** Makes {@link #effect(String)} count for this tracker. */
    public void activate() {
        active = this;
    }

    /**
     * Something tracked was undone on the current thread: a close, a timer or task cancel, a
     * handler removal. Counted for every declared cleanup method the thread is inside of; costs a
     * thread-local read otherwise. For other detectors (timers: call it with {@code "timer cancel"})
     * and, through {@code LeakAuditBridge.cleanupEffect}, for advice. Never throws.
     */
    /** True when this thread is inside a declared cleanup call: only then is an effect worth describing. */
    public static boolean insideCleanup() {
        CleanupTracker tracker = active;
        return tracker != null && AgentThreadState.current().cleanupCalls != null;
    }

    public static void effect(String what) {
        CleanupTracker tracker = active;
        if (tracker == null) {
            return;
        }
        try {
            tracker.count(what);
        } catch (RuntimeException | LinkageError ignored) {
            // never break the program being audited
        }
    }

    private void count(String what) {
        ArrayDeque<Call> stack = calls();
        if (stack == null) {
            return;
        }
        for (Call call : stack) {
            call.effects.merge(what == null ? "effect" : what, 1, Integer::sum);
        }
    }

    /** A declared cleanup method starts; returns its call, or null when it is a nested call for the same key. */
    public Object entered(Object receiver, Object[] arguments, String method) {
        Object key = arguments != null && arguments.length > 0 && arguments[0] != null ? arguments[0]
                : receiver != null ? receiver : method;
        ArrayDeque<Call> stack = calls();
        if (stack == null) {
            stack = new ArrayDeque<>(4);
            AgentThreadState.current().cleanupCalls = stack;
        }
        for (Call call : stack) {
            if (call.key == key && call.method.equals(method)) {
                return null; // re-entered for the same key: part of the outer call
            }
        }
        Call call = new Call(key, method, System.currentTimeMillis());
        stack.push(call);
        return call;
    }

    /** The cleanup call ends: a second call with effects for the same key is a finding. */
    public void exited(Object token) {
        if (!(token instanceof Call)) {
            return;
        }
        Call call = (Call) token;
        ArrayDeque<Call> stack = calls();
        if (stack != null) {
            stack.removeFirstOccurrence(call);
            if (stack.isEmpty()) {
                AgentThreadState.current().cleanupCalls = null;
            }
        }
        if (call.effects.isEmpty()) {
            return;
        }
        Throwable here = new Throwable("cleanup called here");
        Map<String, FirstCall> perMethod = history.computeIfAbsent(call.key, CleanupTracker::newHistory);
        FirstCall first = perMethod.putIfAbsent(call.method,
                new FirstCall(here, call.atMillis, describe(call.effects)));
        if (first == null || !first.claimReport()) {
            return;
        }
        Finding finding = finding(call, first, here);
        if (finding != null) {
            found.add(finding);
        }
    }

    /** The cleanup calls running on this thread, kept in its {@link AgentThreadState}; null when none. */
    @SuppressWarnings("unchecked")
    private static ArrayDeque<Call> calls() {
        return (ArrayDeque<Call>) AgentThreadState.current().cleanupCalls;
    }

    private static Map<String, FirstCall> newHistory(Object ignoredKey) {
        return new ConcurrentHashMap<>(2);
    }

    private Finding finding(Call call, FirstCall first, Throwable second) {
        List<String> firstFrames = StackFrames.allFrames(first.stack);
        List<String> secondFrames = StackFrames.allFrames(second);
        if (findings.isExcluded(secondFrames) || findings.isExcluded(firstFrames)) {
            return null;
        }
        ThreadInfo thread = ThreadInfo.current();
        Attribution where = scopes.attributeCurrentThread();
        String method = shortMethod(call.method);
        String message = "Cleanup " + method + " ran twice for the same " + Phrases.simpleName(call.keyClass)
                + " and both calls did something: the first, at " + StackFrames.site(firstFrames) + ", did "
                + first.effects + "; the second, at " + StackFrames.site(secondFrames) + " on thread "
                + Phrases.threadLabel(thread) + ' ' + Phrases.scope(where) + ", did "
                + describe(call.effects) + " again. Make the cleanup idempotent: set a terminal state by "
                + "compare-and-set on entry and return early when it was already set.";
        return Finding.builder()
                .kind("cleanup-not-idempotent")
                .severity(Severity.WARNING)
                .resourceClass(call.keyClass)
                .resourceId(nextId.getAndIncrement())
                .attribution(where)
                .thread(thread.name(), thread.id(), thread.isVirtual())
                .openedAtMillis(first.atMillis)
                .site(StackFrames.site(secondFrames))
                .stack(findings.reportFrames(secondFrames))
                .closeStacks(findings.reportFrames(firstFrames), findings.reportFrames(secondFrames))
                .message(message)
                .build();
    }

    private static String shortMethod(String method) {
        int dot = method.lastIndexOf('.');
        if (dot < 0) {
            return method;
        }
        return Phrases.simpleName(method.substring(0, dot)) + method.substring(dot);
    }

    private static String describe(Map<String, Integer> effects) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Integer> effect : effects.entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(effect.getKey());
            if (effect.getValue() > 1) {
                text.append(" (").append(effect.getValue()).append(" times)");
            }
        }
        return text.toString();
    }

    // ---- LeakDetector: findings are made as the second call returns and handed over at the next verdict ----

    @Override
    public List<Finding> scopeFinished(TestScope scope) {
        return drain();
    }

    @Override
    public List<Finding> runFinished(boolean atExit) {
        return drain();
    }

    private List<Finding> drain() {
        List<Finding> result = new ArrayList<>();
        for (Iterator<Finding> it = found.iterator(); it.hasNext(); ) {
            result.add(it.next());
            it.remove();
        }
        return result;
    }

    /** One running call of a declared cleanup method. Holds its key only while it runs. */
    private static final class Call {
        final Object key;
        final String keyClass;
        final String method;
        final long atMillis;
        final Map<String, Integer> effects = new LinkedHashMap<>(4);

        Call(Object key, String method, long atMillis) {
            this.key = key;
            this.keyClass = key.getClass().getName();
            this.method = method;
            this.atMillis = atMillis;
        }
    }

    /** The first call with effects for a key and method; never refers to the key. */
    private static final class FirstCall {
        final Throwable stack;
        final long atMillis;
        final String effects;
        private boolean reported;

        FirstCall(Throwable stack, long atMillis, String effects) {
            this.stack = stack;
            this.atMillis = atMillis;
            this.effects = effects;
        }

        synchronized boolean claimReport() {
            if (reported) {
                return false;
            }
            reported = true;
            return true;
        }
    }
}
