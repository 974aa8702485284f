package dev.leakaudit.agent.retention;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.ledger.ResourceRecord;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.ledger.WeakIdentityMap;
import dev.leakaudit.agent.threads.ThreadRecord;
import dev.leakaudit.agent.timers.TimerRecord;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Shared fixtures: what a program keeps open for the whole run on purpose, started by whichever
 * test needs it first (a test server in a static holder, a framework's context cache, a singleton
 * container). They belong to the run, not to the test that happened to start them, and are listed
 * in the report instead of reported. Recognised without configuration, among things still open
 * at their deadline:
 * <ol>
 *   <li>held in a static field of a class outside the test classes' source files (a helper, a
 *   library's singleton, a test base class), directly or through fields,
 *   collections and arrays (for a pool's worker thread: its pool held so; for a timer: its future);</li>
 *   <li>a thread started in the same test as such a fixture whose task holds it (a server's accept
 *   loop);</li>
 *   <li>begun on a fixture's thread (the connections a shared server accepts or opens, the
 *   threads and timers it starts), or in a test declared with {@code fixtures=}.</li>
 * </ol>
 * Only once a test runner reported tests (a plain program's leftovers at exit stay findings), and a
 * test class's own statics do not count, nor those of classes in its source file: a server a test
 * class starts and never stops is that class's leak. Reads only, like {@link ReferencePaths};
 * holds fixtures weakly.
 */
public final class SharedFixtures {

    /** Objects looked at from the static holders, per batch of verdicts, and the time that may take. */
    static final int NODE_BUDGET = 200_000;
    static final long WALK_NANOS = 250_000_000L;
    /** Objects looked at from one thread's task. */
    static final int TASK_BUDGET = 2_000;

    /** One entry of the report's {@code sharedFixtures}: things of one kind, begun at one site, shared for one reason. */
    public static final class Group {
        public final String kind;
        public final String resourceClass;
        public final String site;
        public final String heldBy;
        public final String startedBy;
        private int count;

        Group(String kind, String resourceClass, String site, String heldBy, String startedBy) {
            this.kind = kind;
            this.resourceClass = resourceClass;
            this.site = site;
            this.heldBy = heldBy;
            this.startedBy = startedBy;
        }

        public synchronized int count() {
            return count;
        }
    }

    /** The scope token of things begun outside every test. */
    private static final Object RUN = new Object();

    private final TestScopes scopes;
    private final List<String> declaredTests;
    private final Set<Long> fixtureThreadIds = ConcurrentHashMap.newKeySet();
    /** Fixtures recognised so far, to the scope that began them ({@link #scopeToken}). */
    private final WeakIdentityMap<Object> fixtureObjects = new WeakIdentityMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();

    /**
     * {@code scopes}: the tests and classes seen (test classes' statics are not holders);
     * {@code declaredTests}: tests or classes (by name prefix) whose leftovers are the run's fixtures.
     */
    public SharedFixtures(TestScopes scopes, List<String> declaredTests) {
        this.scopes = scopes;
        this.declaredTests = List.copyOf(declaredTests);
    }

    /**
     * The candidates (things about to be reported as still open, or ended late) that are shared
     * fixtures; each is listed in the report. Called under the judge's lock, once per batch.
     */
    public Set<Tracked> recognise(List<Tracked> candidates) {
        Set<Tracked> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        if (candidates.isEmpty() || !scopes.anyScopeSeen()) {
            return shared;
        }
        for (Tracked tracked : candidates) {
            if (declared(tracked)) {
                accept(tracked, shared, "declared with fixtures=");
            }
        }
        heldByStaticHolders(candidates, shared);
        for (Tracked tracked : candidates) {
            if (!shared.contains(tracked) && tracked instanceof ThreadRecord) {
                // A server's accept loop: started with its listener (in the same test) and holding it.
                Object startedIn = scopeToken(tracked);
                Thread thread = ((ThreadRecord) tracked).threadOrNull();
                Object task = thread == null ? null : LoadedClasses.taskOf(thread);
                Object fixture = task == null ? null : ReferencePaths.firstReached(task,
                        object -> fixtureObjects.get(object) == startedIn, TASK_BUDGET);
                if (fixture != null) {
                    accept(tracked, shared, "its task holds the shared " + fixture.getClass().getName());
                }
            }
        }
        boolean more = true;
        while (more) { // a fixture's thread may start threads whose connections are the fixture's too
            more = false;
            for (Tracked tracked : candidates) {
                if (!shared.contains(tracked) && tracked.beganOn() != null
                        && fixtureThreadIds.contains(tracked.beganOn().id())) {
                    accept(tracked, shared, "begun on the shared fixture's thread \"" + tracked.beganOn().name() + '"');
                    more |= tracked instanceof ThreadRecord;
                }
            }
        }
        return shared;
    }

    /** Rule 1: one walk from the static fields of every class outside the test classes' source files. */
    private void heldByStaticHolders(List<Tracked> candidates, Set<Tracked> shared) {
        Map<Object, Tracked> byObject = new IdentityHashMap<>();
        for (Tracked tracked : candidates) {
            if (shared.contains(tracked)) {
                continue;
            }
            Object subject = subjectOf(tracked);
            if (subject != null) {
                byObject.put(subject, tracked);
                Object holder = holderOf(tracked, subject);
                if (holder != null) {
                    byObject.putIfAbsent(holder, tracked);
                }
            }
        }
        if (byObject.isEmpty()) {
            return;
        }
        Set<Object> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        targets.addAll(byObject.keySet());
        Map<Object, List<String>> paths = ReferencePaths.find(holders(), List.of(), targets, NODE_BUDGET, WALK_NANOS);
        for (Map.Entry<Object, List<String>> held : paths.entrySet()) {
            Tracked tracked = byObject.get(held.getKey());
            if (!shared.contains(tracked)) {
                accept(tracked, shared, "held by " + String.join(" -> ", held.getValue()));
            }
        }
    }

    /** Initialised program classes outside the test classes' source files (a test base class counts). */
    private List<Class<?>> holders() {
        Set<String> testFiles = new java.util.HashSet<>();
        for (TestScope scope : scopes.seen()) {
            if (scope.level() == TestScope.Level.CLASS) {
                testFiles.add(outermost(scope.name()));
            }
        }
        List<Class<?>> holders = new ArrayList<>();
        for (Class<?> type : LoadedClasses.initializedProgramClasses()) {
            if (!testFiles.contains(outermost(type.getName()))) {
                holders.add(type);
            }
        }
        return holders;
    }

    /** {@code com.acme.EchoTest} for {@code com.acme.EchoTest$Nested$Helper}: the class of its source file. */
    private static String outermost(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }

    /** The test or class that began {@code tracked}, or a token for the run (never null, never the thing itself). */
    private static Object scopeToken(Tracked tracked) {
        TestScope scope = tracked.attribution().scope();
        return scope != null ? scope : RUN;
    }

    private boolean declared(Tracked tracked) {
        TestScope scope = tracked.attribution().scope();
        if (declaredTests.isEmpty() || scope == null) {
            return false;
        }
        for (String test : declaredTests) {
            if (scope.name().startsWith(test)) {
                return true;
            }
        }
        return false;
    }

    private void accept(Tracked tracked, Set<Tracked> shared, String how) {
        shared.add(tracked);
        Object subject = subjectOf(tracked);
        if (subject != null) {
            fixtureObjects.put(subject, scopeToken(tracked));
        }
        if (tracked instanceof ThreadRecord) {
            fixtureThreadIds.add(((ThreadRecord) tracked).threadId());
        }
        String kind = kindOf(tracked);
        String resourceClass = resourceClassOf(tracked, subject);
        String site = tracked.beganAt() == null ? null : StackFrames.site(tracked.beganAt().frames());
        TestScope scope = tracked.attribution().scope();
        String startedBy = scope == null ? null : scope.name();
        synchronized (groups) {
            Group group = groups.computeIfAbsent(kind + '\n' + site + '\n' + how,
                    key -> new Group(kind, resourceClass, site, how, startedBy));
            synchronized (group) {
                group.count++;
            }
        }
    }

    /** Every fixture recognised so far, one entry per kind, site and reason, in the order first seen. */
    public List<Group> groups() {
        synchronized (groups) {
            return new ArrayList<>(groups.values());
        }
    }

    /** How many things {@code groups} hold in all. */
    public static int total(List<Group> groups) {
        int count = 0;
        for (Group group : groups) {
            count += group.count();
        }
        return count;
    }

    private static Object subjectOf(Tracked tracked) {
        if (tracked instanceof ResourceRecord) {
            return ((ResourceRecord) tracked).resourceOrNull();
        }
        if (tracked instanceof ThreadRecord) {
            return ((ThreadRecord) tracked).threadOrNull();
        }
        if (tracked instanceof TimerRecord) {
            return ((TimerRecord) tracked).timerOrNull();
        }
        return null;
    }

    /**
     * What holds {@code subject} on the program's behalf when a static holder keeps that rather than
     * the subject itself: a worker thread's pool. (Not a timer's executor: a test's timer left on a
     * shared executor is the test's leak; a fixture keeps its own timer's future.)
     */
    private static Object holderOf(Tracked tracked, Object subject) {
        return subject instanceof Thread ? LoadedClasses.poolOf((Thread) subject) : null;
    }

    private static String kindOf(Tracked tracked) {
        if (tracked instanceof ResourceRecord) {
            return ((ResourceRecord) tracked).kind().reportName();
        }
        if (tracked instanceof ThreadRecord) {
            return "thread";
        }
        if (tracked instanceof TimerRecord) {
            return "timer";
        }
        return "handler";
    }

    private static String resourceClassOf(Tracked tracked, Object subject) {
        if (tracked instanceof ResourceRecord) {
            return ((ResourceRecord) tracked).className();
        }
        if (tracked instanceof TimerRecord) {
            return ((TimerRecord) tracked).resourceClass();
        }
        return subject == null ? null : subject.getClass().getName();
    }
}
