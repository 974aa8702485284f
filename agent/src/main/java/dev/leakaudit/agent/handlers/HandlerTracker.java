package dev.leakaudit.agent.handlers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.cleanup.CleanupTracker;
import dev.leakaudit.agent.config.UserCodeOptions;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.WeakIdentityMap;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingFactory;
import dev.leakaudit.agent.verdict.LeakDetector;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Handler registrations that must be undone: shutdown hooks, and the add/remove pairs declared by
 * option {@code handlers}. A registration made in a test (or test class) and still in place when
 * it ends, after the linger period and the class's teardown, is a {@code handler} finding.
 *
 * <p>The handler is the first argument that is not a plain value (a string, a boxed number, an
 * enum or a class); such a value, when given beside the handler (an event name), qualifies the
 * registration. Registrations are matched by source and handler identity. Registrations made
 * outside any test are the program's own and are not judged.
 */
public final class HandlerTracker implements LeakDetector {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final String SHUTDOWN_HOOK = "java.lang.Runtime.addShutdownHook";

    private final TestScopes scopes;
    private final FindingFactory findings;
    private final Map<String, UserCodeOptions.HandlerSpec> specsByClass = new ConcurrentHashMap<>();
    private final WeakIdentityMap<List<HandlerRegistration>> bySource = new WeakIdentityMap<>();
    private final Set<HandlerRegistration> unjudged = ConcurrentHashMap.newKeySet();
    private final Map<TestScope, Queue<HandlerRegistration>> pendingByClass = new ConcurrentHashMap<>();
    private final Queue<HandlerRegistration> pendingWithoutClass = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public HandlerTracker(TestScopes scopes, FindingFactory findings, List<UserCodeOptions.HandlerSpec> specs) {
        this.scopes = scopes;
        this.findings = findings;
        for (UserCodeOptions.HandlerSpec spec : specs) {
            specsByClass.put(spec.className(), spec);
        }
    }

    // ---- hooks (called through the bridge, inside the re-entrancy guard) ----

    void added(Object source, Object[] arguments, Object returned, String registration) {
        if (source == null || arguments == null || Boolean.FALSE.equals(returned)) {
            return; // nothing was added (e.g. the handler was registered already)
        }
        int handlerIndex = handlerIndex(arguments);
        if (handlerIndex < 0) {
            return;
        }
        Object handler = arguments[handlerIndex];
        Attribution attribution = scopes.attributeCurrentThread();
        if (attribution.scope() == null) {
            return; // the program's own registration, outside any test
        }
        String qualifier = qualifier(arguments, handlerIndex);
        List<HandlerRegistration> registrations = bySource.computeIfAbsent(source, HandlerTracker::newList);
        synchronized (registrations) {
            for (HandlerRegistration existing : registrations) {
                if (existing.isLive() && existing.matches(handler, qualifier)) {
                    return; // registered already: membership, not a count
                }
            }
            HandlerRegistration created = new HandlerRegistration(nextId.getAndIncrement(), registration, source,
                    handler, qualifier, new Throwable("handler registered here"), System.currentTimeMillis(),
                    ThreadInfo.current(), attribution);
            registrations.add(created);
            unjudged.add(created);
        }
    }

    void removed(Object source, Object[] arguments, Object returned, String registration) {
        if (didSomething(returned)) {
            if (CleanupTracker.insideCleanup()) {
                CleanupTracker.effect("handler removal (" + registration + ")");
            }
        }
        if (source == null || arguments == null) {
            return;
        }
        int handlerIndex = handlerIndex(arguments);
        if (handlerIndex < 0) {
            return;
        }
        Object handler = arguments[handlerIndex];
        String qualifier = qualifier(arguments, handlerIndex);
        List<HandlerRegistration> registrations = bySource.get(source);
        if (registrations == null) {
            return;
        }
        synchronized (registrations) {
            for (int i = 0; i < registrations.size(); i++) {
                HandlerRegistration existing = registrations.get(i);
                if (existing.matches(handler, qualifier)) {
                    existing.markRemoved();
                    registrations.remove(i);
                    unjudged.remove(existing);
                    return;
                }
            }
        }
    }

    void removedAll(Object source, Object[] arguments, Object returned, String registration) {
        if (didSomething(returned)) {
            if (CleanupTracker.insideCleanup()) {
                CleanupTracker.effect("handler removal (" + registration + ")");
            }
        }
        if (source == null) {
            return;
        }
        String qualifier = arguments == null ? null : qualifier(arguments, -1);
        List<HandlerRegistration> registrations = bySource.get(source);
        if (registrations == null) {
            return;
        }
        synchronized (registrations) {
            for (int i = registrations.size() - 1; i >= 0; i--) {
                HandlerRegistration existing = registrations.get(i);
                if (existing.matchesQualifier(qualifier)) {
                    existing.markRemoved();
                    registrations.remove(i);
                    unjudged.remove(existing);
                }
            }
        }
    }

    private static List<HandlerRegistration> newList(Object ignoredSource) {
        return new ArrayList<>(2);
    }

    /** A result of {@code false} or zero says the call removed nothing. */
    private static boolean didSomething(Object returned) {
        if (Boolean.FALSE.equals(returned)) {
            return false;
        }
        return !(returned instanceof Integer || returned instanceof Long) || ((Number) returned).longValue() != 0;
    }

    private static int handlerIndex(Object[] arguments) {
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i] != null && !isPlainValue(arguments[i])) {
                return i;
            }
        }
        return arguments.length > 0 && arguments[0] != null ? 0 : -1;
    }

    private static String qualifier(Object[] arguments, int handlerIndex) {
        for (int i = 0; i < arguments.length; i++) {
            if (i != handlerIndex && arguments[i] != null && isPlainValue(arguments[i])) {
                return valueText(arguments[i]);
            }
        }
        return null;
    }

    /** JDK value types only, whose text can be taken without running user code. */
    private static boolean isPlainValue(Object value) {
        return value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof Character || value instanceof Boolean
                || value instanceof Enum || value instanceof Class;
    }

    private static String valueText(Object value) {
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof Class) {
            return ((Class<?>) value).getName();
        }
        return String.valueOf(value);
    }

    // ---- judging ----

    @Override
    public List<Finding> scopeFinished(TestScope scope) {
        if (scope.level() == TestScope.Level.TEST) {
            List<HandlerRegistration> live = awaitRemoved(ownedBy(scope), findings.lingerMillis());
            for (HandlerRegistration registration : live) {
                registration.markJudged();
                if (scope.enclosingClass() == null) {
                    pendingWithoutClass.add(registration);
                } else {
                    pendingByClass.computeIfAbsent(scope.enclosingClass(), ignored -> new ConcurrentLinkedQueue<>())
                            .add(registration);
                }
            }
            return List.of(); // the class's teardown may still remove them
        }
        List<HandlerRegistration> watched = ownedBy(scope);
        Queue<HandlerRegistration> pending = pendingByClass.remove(scope);
        if (pending != null) {
            watched.addAll(pending);
        }
        return findingsFor(awaitRemoved(watched, findings.lingerMillis()), false);
    }

    @Override
    public List<Finding> runFinished(boolean atExit) {
        List<HandlerRegistration> watched = new ArrayList<>();
        for (HandlerRegistration registration : unjudged) {
            if (!registration.isJudged() && !isExcluded(registration)) {
                watched.add(registration);
            }
        }
        unjudged.clear();
        for (TestScope key : new ArrayList<>(pendingByClass.keySet())) {
            Queue<HandlerRegistration> pending = pendingByClass.remove(key);
            if (pending != null) {
                watched.addAll(pending);
            }
        }
        HandlerRegistration next;
        while ((next = pendingWithoutClass.poll()) != null) {
            watched.add(next);
        }
        return findingsFor(awaitRemoved(watched, atExit ? 0 : findings.lingerMillis()), atExit);
    }

    private List<HandlerRegistration> ownedBy(TestScope scope) {
        List<HandlerRegistration> owned = new ArrayList<>();
        for (HandlerRegistration registration : unjudged) {
            if (registration.attribution().scope() == scope) {
                unjudged.remove(registration);
                if (!isExcluded(registration)) {
                    owned.add(registration);
                }
            }
        }
        return owned;
    }

    private boolean isExcluded(HandlerRegistration registration) {
        return findings.isExcluded(StackFrames.allFrames(registration.registeredAt()));
    }

    /** Waits up to {@code lingerMillis} for the registrations to be removed; returns those still live. */
    private static List<HandlerRegistration> awaitRemoved(List<HandlerRegistration> registrations, long lingerMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        while (anyLive(registrations) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        List<HandlerRegistration> live = new ArrayList<>();
        for (HandlerRegistration registration : registrations) {
            if (registration.isLive()) {
                live.add(registration);
            }
        }
        return live;
    }

    private static boolean anyLive(List<HandlerRegistration> registrations) {
        for (HandlerRegistration registration : registrations) {
            if (registration.isLive()) {
                return true;
            }
        }
        return false;
    }

    private List<Finding> findingsFor(List<HandlerRegistration> live, boolean atExit) {
        List<Finding> result = new ArrayList<>();
        for (HandlerRegistration registration : live) {
            registration.markJudged();
            result.add(finding(registration, atExit));
        }
        return result;
    }

    private Finding finding(HandlerRegistration registration, boolean atExit) {
        List<String> frames = StackFrames.allFrames(registration.registeredAt());
        String site = StackFrames.site(callerFrames(frames, registration.registeredWith()));
        boolean shutdownHook = SHUTDOWN_HOOK.equals(registration.registeredWith());
        String what = shutdownHook
                ? "Shutdown hook " + Phrases.simpleName(registration.handlerClass())
                : "Handler " + Phrases.simpleName(registration.handlerClass()) + " registered with "
                        + registration.registeredWith()
                        + (registration.qualifier() == null ? "" : " for \"" + registration.qualifier() + '"');
        TestScope scope = registration.attribution().scope();
        String when;
        if (atExit || scope == null) {
            when = "was still registered when the run ended";
        } else if (scope.level() == TestScope.Level.CLASS) {
            when = "was still registered " + findings.lingerMillis() + " ms after the class finished";
        } else {
            when = "was still registered " + findings.lingerMillis()
                    + " ms after the test ended, and the class's teardown did not remove it";
        }
        String message = what + " (added " + Phrases.scope(registration.attribution()) + ") " + when
                + ". Registered at " + site + " on thread " + Phrases.threadLabel(registration.thread()) + '.'
                + Phrases.uncertainty(registration.attribution(), registration.thread())
                + ' ' + advice(registration, shutdownHook, scope);
        return Finding.builder()
                .kind("handler")
                .severity(Finding.Severity.LEAK)
                .resourceClass(registration.handlerClass())
                .resourceId(registration.id())
                .attribution(registration.attribution())
                .thread(registration.thread().name(), registration.thread().id(), registration.thread().isVirtual())
                .openedAtMillis(registration.atMillis())
                .site(site)
                .stack(findings.reportFrames(frames))
                .message(message)
                .build();
    }

    /** The frames below the add method itself: the site is where it was called. */
    private static List<String> callerFrames(List<String> frames, String registeredWith) {
        String prefix = registeredWith + '(';
        int first = 0;
        while (first < frames.size() - 1 && frames.get(first).startsWith(prefix)) {
            first++;
        }
        return frames.subList(first, frames.size());
    }

    private String advice(HandlerRegistration registration, boolean shutdownHook, TestScope scope) {
        String where = scope != null && scope.level() == TestScope.Level.CLASS ? "in @AfterAll" : "in the test or @AfterEach";
        if (shutdownHook) {
            return "Remove it with Runtime.removeShutdownHook " + where + ".";
        }
        String registeredWith = registration.registeredWith();
        int dot = registeredWith.lastIndexOf('.');
        UserCodeOptions.HandlerSpec spec = dot < 0 ? null : specsByClass.get(registeredWith.substring(0, dot));
        if (spec == null) {
            return "Remove it " + where + ".";
        }
        String type = Phrases.simpleName(spec.className());
        return "Remove it with " + type + '.' + spec.remove() + ' ' + where
                + (spec.removeAll() == null ? "" : ", or call " + type + '.' + spec.removeAll()
                        + " when the source is done") + '.';
    }
}
