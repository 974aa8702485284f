package dev.leakaudit.agent.verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.heap.LoadedClasses;
import dev.leakaudit.agent.heap.ReferencePaths;
import dev.leakaudit.agent.ledger.WeakIdentityMap;

/**
 * What belongs to the run rather than to a test, among things still open at their deadline. A thing
 * belongs to the code that made it: what the test's own code made (the first frame of the program on
 * its creation stack is in a test class's source file) is that test's leak wherever it is kept, and
 * never listed here. Recognised without configuration:
 * <ol>
 *   <li>made once for the life of the process: a registration through a library known to register
 *   for good ({@code processWide}), or a registration, thread or timer made in the static
 *   initializer of a class outside the tests' own code (a library singleton set up on first use);</li>
 *   <li>a shared fixture held in a static field of a class outside the test classes' source files,
 *   directly or through fields, collections and arrays (for a pool's worker thread: its pool held
 *   so; for a timer: its future), when the holder's own code made it (the holder's class, or the
 *   library jar it is part of, is on the creation stack before any test frame; for a pool's
 *   worker, the pool's creation stack): a server a holder starts lazily for the whole run, a
 *   library singleton. A helper's static list that merely keeps what tests put into it makes
 *   nothing shared;</li>
 *   <li>a thread started in the same test as such a fixture whose task holds it (a server's accept
 *   loop);</li>
 *   <li>begun on a fixture's thread (the connections a shared server accepts or opens, the
 *   threads and timers it starts), or in a test declared with {@code fixtures=}.</li>
 * </ol>
 * Only once a test runner reported tests (a plain program's leftovers at exit stay findings), and a
 * test class's own statics do not count, nor those of classes in its source file: a server a test
 * class starts and never stops is that class's leak. Everything recognised is listed in the report.
 * Reads only, like {@link ReferencePaths}; holds fixtures weakly.
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
    private final Function<List<String>, String> processWidePrefix;
    private final Set<Long> fixtureThreadIds = ConcurrentHashMap.newKeySet();
    /** Fixtures recognised so far, to the scope that began them ({@link #scopeToken}). */
    private final WeakIdentityMap<Object> fixtureObjects = new WeakIdentityMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();

    /**
     * {@code scopes}: the tests and classes seen (test classes' statics are not holders);
     * {@code declaredTests}: tests or classes (by name prefix) whose leftovers are the run's fixtures;
     * {@code processWidePrefix}: the library prefix that makes a registration with these frames one
     * made for the life of the process, or null.
     */
    public SharedFixtures(TestScopes scopes, List<String> declaredTests, Function<List<String>, String> processWidePrefix) {
        this.scopes = scopes;
        this.declaredTests = List.copyOf(declaredTests);
        this.processWidePrefix = processWidePrefix;
    }

    /**
     * The candidates (things about to be reported as still open, or ended late) that belong to the
     * run rather than to a test; each is listed in the report. Called under the judge's lock, once
     * per batch. A thing the test's own code made is never among them, wherever it is held.
     */
    public Set<Tracked> recognise(List<Tracked> candidates) {
        Set<Tracked> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        if (candidates.isEmpty()) {
            return shared;
        }
        Set<String> testFiles = testFiles();
        List<Class<?>> program = LoadedClasses.initializedProgramClasses();
        Makers makers = new Makers(testFiles, testLocations(program, testFiles));
        for (Tracked tracked : candidates) {
            String processWide = processWide(tracked, makers);
            if (processWide != null) {
                accept(tracked, shared, processWide);
            }
        }
        if (!scopes.anyScopeSeen()) {
            return shared;
        }
        for (Tracked tracked : candidates) {
            if (!shared.contains(tracked) && declared(tracked)) {
                accept(tracked, shared, "declared with fixtures=");
            }
        }
        List<Tracked> notTheTests = new ArrayList<>();
        for (Tracked tracked : candidates) {
            if (!shared.contains(tracked) && !makers.byTestCode(tracked.madeAt())) {
                notTheTests.add(tracked);
            }
        }
        heldByStaticHolders(notTheTests, shared, makers, holders(program, testFiles));
        for (Tracked tracked : notTheTests) {
            if (!shared.contains(tracked) && tracked.ownThreadId() >= 0) {
                // A server's accept loop: started with its listener (in the same test) and holding it.
                Object startedIn = scopeToken(tracked);
                Object task = tracked.taskOrNull();
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
            for (Tracked tracked : notTheTests) {
                if (!shared.contains(tracked) && tracked.beganOn() != null
                        && fixtureThreadIds.contains(tracked.beganOn().id())) {
                    accept(tracked, shared, "begun on the shared fixture's thread \"" + tracked.beganOn().name() + '"');
                    more |= tracked.ownThreadId() >= 0;
                }
            }
        }
        return shared;
    }

    /**
     * Why a registration, thread or timer was made once for the life of the process (a library's
     * registration known by its stack, or one made in a static initializer outside the tests' own
     * code), or null.
     */
    private String processWide(Tracked tracked, Makers makers) {
        if (!tracked.canBeProcessWide()) {
            return null;
        }
        List<String> frames = tracked.madeAt();
        if (tracked.isRegistration()) {
            String prefix = processWidePrefix.apply(frames);
            if (prefix != null) {
                return "made once for the life of the process: registered through " + prefix;
            }
        }
        if (!scopes.anyScopeSeen()) {
            return null; // a plain program's leftovers at exit are all its own
        }
        String initializer = makers.staticInitializer(frames);
        return initializer == null ? null
                : "made once for the life of the process: in the static initializer of " + initializer;
    }

    /**
     * Rule 1: one walk from the static fields of every class outside the test classes' source files;
     * what is held counts only when the holder's own code made it.
     */
    private void heldByStaticHolders(List<Tracked> candidates, Set<Tracked> shared, Makers makers,
                                     List<Class<?>> holders) {
        Map<Object, Tracked> byObject = new IdentityHashMap<>();
        for (Tracked tracked : candidates) {
            if (shared.contains(tracked)) {
                continue;
            }
            Object subject = tracked.subjectOrNull();
            if (subject != null && !tracked.isRegistration()) {
                byObject.put(subject, tracked);
                Object keptThrough = tracked.keptThroughOrNull();
                if (keptThrough != null) {
                    byObject.putIfAbsent(keptThrough, tracked);
                }
            }
        }
        if (byObject.isEmpty()) {
            return;
        }
        Set<Object> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        targets.addAll(byObject.keySet());
        Map<Object, ReferencePaths.Held> paths = ReferencePaths.findHeld(holders, List.of(), targets, NODE_BUDGET,
                WALK_NANOS);
        for (Map.Entry<Object, ReferencePaths.Held> held : paths.entrySet()) {
            Tracked tracked = byObject.get(held.getKey());
            if (!shared.contains(tracked)
                    && makers.byHolder(tracked.madeAt(), held.getValue().holder, held.getValue().through)) {
                accept(tracked, shared, "held by " + String.join(" -> ", held.getValue().path));
            }
        }
    }

    /** Outermost names of the test classes seen (and of the classes of tests seen without their class). */
    private Set<String> testFiles() {
        Set<String> files = new HashSet<>();
        for (TestScope scope : scopes.seen()) {
            String name = scope.name();
            int hash = name.indexOf('#');
            files.add(Makers.outermost(hash < 0 ? name : name.substring(0, hash)));
        }
        return files;
    }

    /** Where the test classes were loaded from: what else comes from there is test support code. */
    private static Set<String> testLocations(List<Class<?>> program, Set<String> testFiles) {
        Set<String> locations = new HashSet<>();
        for (Class<?> type : program) {
            if (testFiles.contains(Makers.outermost(type.getName()))) {
                String location = Makers.locationOf(type);
                if (location != null) {
                    locations.add(location);
                }
            }
        }
        return locations;
    }

    /** Initialised program classes outside the test classes' source files (a test base class counts). */
    private static List<Class<?>> holders(List<Class<?>> program, Set<String> testFiles) {
        List<Class<?>> holders = new ArrayList<>();
        for (Class<?> type : program) {
            if (!testFiles.contains(Makers.outermost(type.getName()))) {
                holders.add(type);
            }
        }
        return holders;
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
        Object subject = tracked.subjectOrNull();
        if (subject != null) {
            fixtureObjects.put(subject, scopeToken(tracked));
        }
        if (tracked.ownThreadId() >= 0) {
            fixtureThreadIds.add(tracked.ownThreadId());
        }
        String kind = tracked.kindId();
        String resourceClass = tracked.resourceClassName();
        String site = tracked.madeAtSite();
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
}
