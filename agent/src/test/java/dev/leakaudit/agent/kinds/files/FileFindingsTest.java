package dev.leakaudit.agent.kinds.files;

import java.util.List;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.JdkOwnership;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.fixtures.OpenedHere;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a file finding reads, and which stacks make a file the JDK's own. */
class FileFindingsTest {

    private final FindingContext context = new FindingContext(new StackFrames(32), new Exclusions(List.of()), 2000,
            new JdkOwnership(false));

    @Test
    void aFileLeftOpenSaysWhichFileWhereAndWhatToDo() {
        TestScope test = new TestScope("[test:t]", "com.acme.FileTest#reads", "reads()", TestScope.Level.TEST, null,
                System.currentTimeMillis());
        Object stream = new Object();
        FileRecord record = new FileRecord(7, stream, "/tmp/data.txt", OpenedHere.stack(), System.currentTimeMillis(),
                ThreadInfo.current(), test.certainAttribution(), new TestScopes());
        Finding finding = FileFindings.leftOpen(context, record, false);
        assertEquals("file", finding.kind());
        assertEquals("/tmp/data.txt", finding.path());
        String message = finding.message();
        assertTrue(message.startsWith("Object (file /tmp/data.txt) opened in test com.acme.FileTest#reads was still open "
                + "2000 ms after the test ended"), message);
        assertTrue(message.contains("Opened at dev.leakaudit.fixtures.OpenedHere.stack("), message);
        assertTrue(message.endsWith("Close it in the test (try-with-resources) or in @AfterEach."), message);
    }

    @Test
    void theJdksOwnFilesAreKnownByWhatOpenedThemBeforeTheProgram() {
        String program = "com.acme.Test.reads(Test.java:9)";
        assertTrue(FileFindings.openedBefore(List.of("java.io.FileInputStream.<init>(FileInputStream.java:1)",
                "sun.security.provider.SeedGenerator$URLSeedGenerator.<init>(SeedGenerator.java:5)", program),
                FileFindings.JDK_OWN), "SecureRandom's device");
        assertTrue(FileFindings.openedBefore(List.of("java.util.zip.ZipFile.<init>(ZipFile.java:1)",
                "jdk.internal.loader.URLClassPath$JarLoader.getJarFile(URLClassPath.java:3)", program),
                FileFindings.JDK_OWN), "a class path jar");
        assertTrue(FileFindings.openedBefore(List.of("java.io.RandomAccessFile.<init>(RandomAccessFile.java:261)",
                "jdk.jfr.internal.RepositoryChunk.<init>(RepositoryChunk.java:58)", "jdk.jfr.Recording.stop(Recording.java:225)",
                program), FileFindings.JDK_OWN), "a chunk of the flight recorder's repository, on a test's Recording.stop");
        assertTrue(!FileFindings.openedBefore(List.of("java.io.FileInputStream.<init>(FileInputStream.java:1)", program,
                "jdk.internal.loader.BuiltinClassLoader.loadClass(BuiltinClassLoader.java:2)"), FileFindings.JDK_OWN),
                "the program's own open, whatever runs below it");
    }
}
