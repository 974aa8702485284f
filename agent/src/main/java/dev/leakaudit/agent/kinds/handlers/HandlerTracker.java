package dev.leakaudit.agent.kinds.handlers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.kinds.cleanup.CleanupTracker;
import dev.leakaudit.agent.config.UserCodeOptions;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.TrackedSink;
import dev.leakaudit.agent.ledger.WeakIdentityMap;
import dev.leakaudit.agent.stacks.CallSites;
import dev.leakaudit.agent.verdict.Phrases;

/**
 * Handler registrations that must be undone: shutdown hooks, and the add/remove pairs declared by
 * option {@code handlers}. A registration made in a test (or test class) and still in place when
 * it ends, after the linger period and the class's teardown, is a {@code handler} finding.
 *
 * <p>The handler is the first argument that is not a plain value (a string, a boxed number, an
 * enum or a class); such a value, when given beside the handler (an event name), qualifies the
 * registration. Registrations are matched by source and handler identity. Registrations made
 * outside any test are the program's own and are not judged. The judge decides; the finding is
 * built by {@code FindingContext.handlerLeft}.
 */
public final class HandlerTracker {

    public static final String SHUTDOWN_HOOK = "java.lang.Runtime.addShutdownHook";

    private final TestScopes scopes;
    private final TrackedSink judge;
    private final CallSites sites;
    private final Map<String, UserCodeOptions.HandlerSpec> specsByClass = new ConcurrentHashMap<>();
    private final WeakIdentityMap<List<HandlerRegistration>> bySource = new WeakIdentityMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public HandlerTracker(TestScopes scopes, TrackedSink judge, CallSites sites,
                          List<UserCodeOptions.HandlerSpec> specs) {
        this.scopes = scopes;
        this.judge = judge;
        this.sites = sites;
        for (UserCodeOptions.HandlerSpec spec : specs) {
            specsByClass.put(spec.className(), spec);
        }
    }

    // ---- hooks (called through the bridge, inside the re-entrancy guard) ----

    public void added(Object source, Object[] arguments, Object returned, String registration) {
        if (source == null || arguments == null || Boolean.FALSE.equals(returned)) {
            return; // nothing was added (e.g. the handler was registered already)
        }
        int handlerIndex = handlerIndex(arguments);
        if (handlerIndex < 0) {
            return;
        }
        Object handler = arguments[handlerIndex];
        Attribution attribution = scopes.attributeCurrentThread();
        if (attribution.scope() == null && (scopes.anyScopeSeen() || registration.startsWith("java.lang.Runtime."))) {
            return; // the program's own registration outside every test; a shutdown hook is meant to stay till exit
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
                    handler, qualifier, sites.beginning(), System.currentTimeMillis(),
                    ThreadInfo.current(), attribution, this);
            registrations.add(created);
            judge.began(created);
        }
    }

    public void removed(Object source, Object[] arguments, Object returned, String registration) {
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
                    registrations.remove(i);
                    if (existing.markRemoved()) {
                        judge.ended(existing);
                    }
                    return;
                }
            }
        }
    }

    public void removedAll(Object source, Object[] arguments, Object returned, String registration) {
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
                    registrations.remove(i);
                    if (existing.markRemoved()) {
                        judge.ended(existing);
                    }
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

    /** How to remove this registration, for its finding. */
    /** Tests were reported by a runner: what began outside them is not judged (see {@link TestScopes#anyScopeSeen}). */
    boolean perTestRun() {
        return scopes.anyScopeSeen();
    }

    String removalAdvice(HandlerRegistration registration) {
        TestScope scope = registration.attribution().scope();
        boolean shutdownHook = SHUTDOWN_HOOK.equals(registration.registeredWith());
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
