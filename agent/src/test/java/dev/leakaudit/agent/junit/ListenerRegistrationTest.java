package dev.leakaudit.agent.junit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.leakaudit.agent.bootstrap.TestEventBridge;
import dev.leakaudit.agent.bootstrap.TestEventSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Registering the listener with a real launcher in this JVM, and failing softly where it cannot. */
class ListenerRegistrationTest {

    @AfterEach
    void uninstall() {
        TestEventBridge.install(null);
    }

    @Test
    void aRegisteredListenerReportsEveryTestAndClassThroughTheBridge() {
        List<String> events = new CopyOnWriteArrayList<>();
        TestEventBridge.install(new RecordingSink(events));
        Launcher launcher = LauncherFactory.create();
        ListenerRegistration registration = new ListenerRegistration(null);
        registration.register(launcher);
        assertTrue(registration.registeredOnce());

        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Probe.class)).build());

        String probe = Probe.class.getName();
        assertTrue(events.contains("class " + probe), events.toString());
        assertTrue(events.contains("test " + probe + "#passes"), events.toString());
        assertTrue(events.contains("finished successful"), events.toString());
        assertEquals("plan finished", events.get(events.size() - 1), events.toString());
    }

    @Test
    void somethingThatIsNoLauncherCostsOneLineAndNothingElse() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        ListenerRegistration registration = new ListenerRegistration(null);
        try {
            registration.register(new Object()); // its loader (the bootstrap loader) has no JUnit
            registration.register("neither");
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("[leak-audit] could not register the JUnit listener"), text);
        assertTrue(text.contains("the tests run on"), text);
        assertTrue(!registration.registeredOnce());
    }

    /** Run by the launcher above, never by the build's own test run (a nested class). */
    static class Probe {
        @Test
        void passes() {
            assertTrue(true);
        }
    }

    private static final class RecordingSink implements TestEventSink {
        private final List<String> events;

        RecordingSink(List<String> events) {
            this.events = events;
        }

        @Override
        public void launcherCreated(Object launcher) {
            events.add("launcher");
        }

        @Override
        public void classStarted(String uniqueId, String className, String displayName) {
            events.add("class " + className);
        }

        @Override
        public void testStarted(String uniqueId, String testName, String displayName) {
            events.add("test " + testName);
        }

        @Override
        public void scopeFinished(String uniqueId, String status) {
            events.add("finished " + status);
        }

        @Override
        public void testPlanFinished() {
            events.add("plan finished");
        }

        @Override
        public void junit4(String event, Object subject) {
            events.add("junit4 " + event);
        }
    }
}
