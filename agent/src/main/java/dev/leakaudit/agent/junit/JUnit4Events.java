package dev.leakaudit.agent.junit;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;


/**
 * JUnit 4 run by its own runners, without the JUnit Platform: turns its notifier's events and its
 * runners' starts and ends into the agent's test and class scopes, so findings name their test as
 * they do under the platform. JUnit's objects are read reflectively (they live in the test class
 * loader); an object that cannot be read leaves that test to the run, never fails it.
 */
final class JUnit4Events {

    private final TestRun runtime;
    /** How each running test ended so far, by its scope id: failed or aborted (absent: successful). */
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();

    JUnit4Events(TestRun runtime) {
        this.runtime = runtime;
    }

    void on(String event, Object subject) throws ReflectiveOperationException {
        switch (event) {
            case "runnerStarted": {
                String className = testClassOf(subject);
                if (className != null) {
                    runtime.classStarted(classId(subject, className), className, className);
                }
                break;
            }
            case "runnerFinished": {
                String className = testClassOf(subject);
                if (className != null) {
                    String id = classId(subject, className);
                    String outcome = outcomes.remove(id);
                    runtime.scopeFinished(id, outcome == null ? "successful" : outcome);
                }
                break;
            }
            case "fireTestStarted": {
                String name = testNameOf(subject);
                if (name != null) {
                    runtime.testStarted(testId(subject), name, (String) call(subject, "getDisplayName"));
                }
                break;
            }
            case "fireTestFinished": {
                if (testNameOf(subject) != null) {
                    String id = testId(subject);
                    String outcome = outcomes.remove(id);
                    runtime.scopeFinished(id, outcome == null ? "successful" : outcome);
                }
                break;
            }
            case "fireTestFailure":
            case "fireTestAssumptionFailed": {
                Object description = call(subject, "getDescription");
                if (description != null && testNameOf(description) != null) {
                    outcomes.put(testId(description), event.equals("fireTestFailure") ? "failed" : "aborted");
                }
                break;
            }
            default:
                break;
        }
    }

    /** {@code com.acme.EchoTest#echo} for a test's Description; null for a class's or a suite's. */
    private static String testNameOf(Object description) throws ReflectiveOperationException {
        String method = (String) call(description, "getMethodName");
        String className = (String) call(description, "getClassName");
        return method == null || className == null ? null : className + '#' + method;
    }

    /** A runner's test class name; null for a suite built without one (JUnitCore's own). */
    private static String testClassOf(Object runner) throws ReflectiveOperationException {
        Object testClass = call(runner, "getTestClass");
        Object javaClass = testClass == null ? null : call(testClass, "getJavaClass");
        return javaClass instanceof Class ? ((Class<?>) javaClass).getName() : null;
    }

    /** The same Description object reaches started, failure and finished. */
    private static String testId(Object description) throws ReflectiveOperationException {
        return "[junit4-test:" + call(description, "getDisplayName") + '@' + System.identityHashCode(description) + ']';
    }

    private static String classId(Object runner, String className) {
        return "[junit4-class:" + className + '@' + System.identityHashCode(runner) + ']';
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method getter = target.getClass().getMethod(method);
        return getter.invoke(target);
    }
}
