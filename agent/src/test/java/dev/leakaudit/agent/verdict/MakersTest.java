package dev.leakaudit.agent.verdict;

import java.util.List;
import java.util.Set;

import dev.leakaudit.fixtures.HelperConnection;
import dev.leakaudit.fixtures.KeepForLater;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who made a thing, read from creation stacks as the JVM formats them. */
class MakersTest {

    private static final String TEST = "com.acme.EchoTest";
    private static final String TEST_FRAME = "com.acme.EchoTest.parks(EchoTest.java:20)";
    /** This class stands in for test support code: it comes from where the "test classes" come from. */
    private final Makers makers = new Makers(Set.of(TEST), Set.of(Makers.locationOf(MakersTest.class)));

    @Test
    void theFirstFrameOfTheProgramDecidesWhetherATestMadeIt() {
        assertTrue(makers.byTestCode(List.of("java.net.Socket.<init>(Socket.java:319)", TEST_FRAME)));
        assertTrue(makers.byTestCode(List.of("java.net.Socket.<init>(Socket.java:319)",
                "com.acme.EchoTest$Nested.lambda$parks$0(EchoTest.java:31)")), "a lambda of a nested class");
        assertFalse(makers.byTestCode(List.of("java.net.Socket.<init>(Socket.java:319)",
                "com.acme.TestServer.start(TestServer.java:9)", TEST_FRAME)), "a helper made it");
        assertFalse(makers.byTestCode(List.of()));
    }

    @Test
    void aHolderMakesWhatItHoldsOnlyWhenItsCodeIsOnTheStackBeforeTheTest() {
        List<String> helperMade = List.of("java.net.Socket.<init>(Socket.java:319)",
                "dev.leakaudit.fixtures.HelperConnection.open(HelperConnection.java:19)", TEST_FRAME);
        assertTrue(makers.byHolder(helperMade, HelperConnection.class, List.of()), "the holder's own file");
        assertFalse(makers.byHolder(helperMade, KeepForLater.class, List.of(HelperConnection.class)),
                "test support code on the path makes nothing shared");
        assertFalse(makers.byHolder(List.of(TEST_FRAME, "dev.leakaudit.fixtures.HelperConnection.open(HelperConnection.java:19)"),
                HelperConnection.class, List.of()), "below the test frame does not count");
    }

    @Test
    void aLibraryHoldersOwnLibraryAndCollaboratorsCount() {
        // Assertions comes from the JUnit jar, not from where the tests come from: a library holder.
        List<String> libraryMade = List.of("java.net.Socket.<init>(Socket.java:319)",
                "org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:38)", TEST_FRAME);
        assertTrue(makers.byHolder(libraryMade, org.junit.jupiter.api.Assertions.class, List.of()),
                "a class of the holder's own library");
        List<String> collaboratorMade = List.of("java.net.Socket.<init>(Socket.java:319)",
                "org.junit.jupiter.api.Assertions.fail(Assertions.java:138)", TEST_FRAME);
        assertTrue(makers.byHolder(collaboratorMade, KeepForLater.class,
                List.of(org.junit.jupiter.api.Assertions.class)), "a library collaborator the holder keeps it through");
    }

    @Test
    void aStaticInitializerOutsideTheTestsIsOnceForTheProcess() {
        assertEquals("com.acme.Metrics", makers.staticInitializer(List.of(
                "java.lang.Runtime.addShutdownHook(Runtime.java:216)", "com.acme.Metrics.<clinit>(Metrics.java:5)", TEST_FRAME)));
        assertNull(makers.staticInitializer(List.of("java.lang.Runtime.addShutdownHook(Runtime.java:216)",
                "com.acme.Metrics.start(Metrics.java:9)", TEST_FRAME)), "an ordinary method");
        assertNull(makers.staticInitializer(List.of("java.lang.Runtime.addShutdownHook(Runtime.java:216)",
                "com.acme.EchoTest.<clinit>(EchoTest.java:3)")), "a test class's own static initializer");
    }
}
