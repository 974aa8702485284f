package dev.leakaudit.agent.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.leakaudit.agent.bootstrap.AgentThreadState;

/**
 * Which tests and test classes are running, on which threads, and so who owns a resource opened
 * now. One running test owns everything opened, whatever thread opens it. With tests in parallel,
 * a resource belongs to the test whose own thread opened it; opened on any other thread, it is
 * attributed as uncertain, naming every candidate (and, first, the test whose thread created the
 * opening thread, when there is one) rather than silently blamed on one of them.
 */
public final class TestScopes {

    private final Map<String, TestScope> running = new ConcurrentHashMap<>();
    private final InheritableThreadLocal<TestScope> inherited = new InheritableThreadLocal<>();
    private final Queue<TestScope> seen = new ConcurrentLinkedQueue<>();

    public TestScope startClass(String uniqueId, String className, String displayName, long nowMillis) {
        TestScope outer = innermostRunningClassOnThisThread();
        return start(new TestScope(uniqueId, className, displayName, TestScope.Level.CLASS, outer, nowMillis));
    }

    public TestScope startTest(String uniqueId, String name, String displayName, long nowMillis) {
        TestScope enclosing = innermostRunningClassOnThisThread();
        if (enclosing == null) {
            enclosing = classNamed(name);
        }
        return start(new TestScope(uniqueId, name, displayName, TestScope.Level.TEST, enclosing, nowMillis));
    }

    private TestScope start(TestScope scope) {
        running.put(scope.uniqueId(), scope);
        AgentThreadState.current().testScope = scope;
        inherited.set(scope);
        seen.add(scope);
        return scope;
    }

    /** Ends a scope; the thread falls back to the enclosing class, if that still runs. */
    public TestScope finish(String uniqueId, long nowMillis, String status) {
        TestScope scope = running.remove(uniqueId);
        if (scope == null) {
            return null;
        }
        scope.end(nowMillis, status);
        AgentThreadState state = AgentThreadState.current();
        TestScope fallback = scope.enclosingClass();
        if (fallback != null && !fallback.hasEnded()) {
            state.testScope = fallback;
            inherited.set(fallback);
        } else {
            if (state.testScope == scope) {
                state.testScope = null;
            }
            inherited.remove();
        }
        return scope;
    }

    public Attribution attributeCurrentThread() {
        return running.isEmpty() ? Attribution.RUN : attributeCurrentThread(AgentThreadState.current());
    }

    /** As {@link #attributeCurrentThread()}, with the current thread's state already at hand (one lookup per event). */
    public Attribution attributeCurrentThread(AgentThreadState state) {
        if (running.isEmpty()) {
            return Attribution.RUN; // outside any test: the common case of a program's own work
        }
        TestScope own = state.testScope instanceof TestScope ? (TestScope) state.testScope : null;
        if (isRunningTest(own)) {
            return own.certainAttribution(); // the test's own thread: no lists, no allocation
        }
        TestScope heir = inherited.get();
        List<TestScope> tests = runningAt(TestScope.Level.TEST);
        if (!tests.isEmpty()) {
            if (isRunningTest(own)) {
                return Attribution.certain(own);
            }
            if (tests.size() == 1) {
                return Attribution.certain(tests.get(0));
            }
            if (isRunningTest(heir)) {
                // The thread was created during that test, but a pooled thread may now be running
                // another test's work: name the likely owner, and say it is not certain.
                return uncertain(tests, heir);
            }
            return uncertain(tests, null);
        }
        List<TestScope> classes = innermostClasses();
        if (classes.isEmpty()) {
            return Attribution.RUN;
        }
        if (own != null && !own.hasEnded() && own.level() == TestScope.Level.CLASS) {
            return Attribution.certain(own);
        }
        if (classes.size() == 1) {
            return Attribution.certain(classes.get(0));
        }
        if (heir != null && !heir.hasEnded() && heir.level() == TestScope.Level.CLASS) {
            return uncertain(classes, heir);
        }
        return uncertain(classes, null);
    }

    /** Uncertain: {@code likely} (or the latest started candidate) is named, with every candidate. */
    private static Attribution uncertain(List<TestScope> candidates, TestScope likely) {
        candidates.sort(Comparator.comparingLong(TestScope::startedAtMillis));
        List<String> names = new ArrayList<>();
        for (TestScope candidate : candidates) {
            names.add(candidate.name());
        }
        return new Attribution(likely != null ? likely : candidates.get(candidates.size() - 1), true, names);
    }

    private static boolean isRunningTest(TestScope scope) {
        return scope != null && !scope.hasEnded() && scope.level() == TestScope.Level.TEST;
    }

    private List<TestScope> runningAt(TestScope.Level level) {
        List<TestScope> result = new ArrayList<>();
        for (TestScope scope : running.values()) {
            if (scope.level() == level) {
                result.add(scope);
            }
        }
        return result;
    }

    /** Running classes that enclose no other running class (nested classes win over outer ones). */
    private List<TestScope> innermostClasses() {
        List<TestScope> classes = runningAt(TestScope.Level.CLASS);
        List<TestScope> innermost = new ArrayList<>(classes);
        for (TestScope scope : classes) {
            innermost.remove(scope.enclosingClass());
        }
        return innermost;
    }

    /** The scope this thread is running, as the runner told it on this thread. */
    private static TestScope ownScope() {
        Object scope = AgentThreadState.current().testScope;
        return scope instanceof TestScope ? (TestScope) scope : null;
    }

    private TestScope innermostRunningClassOnThisThread() {
        TestScope own = ownScope();
        while (own != null && (own.hasEnded() || own.level() != TestScope.Level.CLASS)) {
            own = own.enclosingClass();
        }
        return own;
    }

    private TestScope classNamed(String testName) {
        int hash = testName.indexOf('#');
        String className = hash < 0 ? testName : testName.substring(0, hash);
        for (TestScope scope : running.values()) {
            if (scope.level() == TestScope.Level.CLASS && scope.name().equals(className)) {
                return scope;
            }
        }
        return null;
    }

    /**
     * True once a test runner reported any test or class. Until then (TestNG, JUnit 4 run without
     * the platform, a plain program) what is left at the end is judged per run; after that, what
     * began outside every test is the runner's or the program's, and only sockets are judged per run.
     */
    public boolean anyScopeSeen() {
        return !seen.isEmpty();
    }

    /** Every test and class seen so far, in start order. */
    public List<TestScope> seen() {
        return new ArrayList<>(seen);
    }

    public boolean anyRunning() {
        return !running.isEmpty();
    }
}
