package dev.leakaudit.agent.kinds.files;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import dev.leakaudit.agent.config.AgentJar;
import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.InstallLog;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.kinds.KindSelfTest;
import dev.leakaudit.agent.kinds.LeakKind;

import dev.leakaudit.agent.instrument.JdkClasses;

import static dev.leakaudit.agent.instrument.MethodMatch.named;
import static dev.leakaudit.agent.instrument.MethodMatch.constructor;
import static dev.leakaudit.agent.instrument.MethodMatch.arguments;
import static dev.leakaudit.agent.instrument.MethodMatch.argument;
import static dev.leakaudit.agent.instrument.MethodMatch.returning;
import static dev.leakaudit.agent.instrument.MethodMatch.isStatic;

/**
 * Files left open ({@code file}): {@code FileInputStream}, {@code FileOutputStream},
 * {@code RandomAccessFile}, file channels (so every stream, channel and reader of
 * {@code java.nio.file.Files}, which are built on them), directory streams ({@code Files.list},
 * {@code walk}, {@code newDirectoryStream}) and {@code ZipFile}/{@code JarFile}. A file opened in a
 * test and still open at its deadline is that test's leak, with its path; the JDK's own (class path
 * jars, class loading) never.
 */
public final class FileKind implements LeakKind {

    public static final String KIND = "file";

    /** Opened by a constructor whose first argument is the file (a {@code File}). */
    static final String[] OPENED_BY_CONSTRUCTOR = {
        "java.io.FileInputStream", "java.io.FileOutputStream", "java.io.RandomAccessFile", "java.util.zip.ZipFile"};
    static final String FILE_CHANNEL = "sun.nio.ch.FileChannelImpl";
    /** Directory streams of JDK 17 to 25 on Unix (the secure one wraps this one) and on Windows. */
    static final String[] DIRECTORY_STREAMS = {"sun.nio.fs.UnixDirectoryStream", "sun.nio.fs.WindowsDirectoryStream"};

    private FileTracker tracker;

    @Override
    public String id() {
        return KIND;
    }

    @Override
    public void start(KindContext context) {
        tracker = new FileTracker(context);
        LeakAuditBridge.installKind(KIND, tracker);
    }

    @Override
    public void instrument(AdvicePlan plan, Instrumentation instrumentation, InstallLog log) {
        JdkClasses.preload(java.util.List.of(FILE_CHANNEL, DIRECTORY_STREAMS[0]));
        String opened = "dev.leakaudit.agent.kinds.files.FileOpenedAdvice";
        String closed = "dev.leakaudit.agent.kinds.files.FileClosedAdvice";
        plan.type(OPENED_BY_CONSTRUCTOR)
                .advice(constructor().and(argument(0, File.class)), opened)
                .advice(named("close").and(arguments(0)), closed);
        plan.type(FILE_CHANNEL)
                .advice(named("open").and(isStatic()).and(returning("java.nio.channels.FileChannel")),
                        "dev.leakaudit.agent.kinds.files.FileChannelOpenedAdvice")
                .advice(named("implCloseChannel").and(arguments(0)), closed);
        plan.type(DIRECTORY_STREAMS)
                .advice(constructor(), opened) // its first argument is the folder
                // the secure stream (Linux) closes the one it wraps through closeImpl, not close
                .advice(named("close").or(named("closeImpl")).and(arguments(0)), closed);
    }

    /**
     * Opens and closes, on this thread and read only, the agent's own jar as a stream, a channel
     * and a zip file, and its folder as a directory stream: each must be seen opened and closed.
     */
    @Override
    public Map<String, String> selfTest(KindSelfTest check, Set<String> forced) {
        return Map.of(KIND, forced.contains(KIND) ? "forced to fail" : check(check));
    }

    private String check(KindSelfTest check) {
        File agentJar = AgentJar.file();
        if (agentJar == null) {
            return "ok"; // no file to probe with (not run from a jar): nothing to say against it
        }
        Path jar = agentJar.toPath();
        tracker.startProbe(Thread.currentThread());
        try {
            try (InputStream stream = new FileInputStream(jar.toFile())) {
                stream.read();
            }
            try (FileChannel channel = FileChannel.open(jar)) {
                channel.size();
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.size();
            }
            try (DirectoryStream<Path> folder = Files.newDirectoryStream(jar.getParent())) {
                folder.iterator().hasNext();
            }
        } catch (IOException | RuntimeException e) {
            return "the probe could not open the agent's jar: " + e;
        } finally {
            tracker.endProbe();
        }
        int opens = tracker.probeOpens.get();
        int closes = tracker.probeCloses.get();
        return opens >= 4 && closes >= 4 ? "ok" : "instrumentation saw " + opens + " of 4 opens and " + closes
                + " of 4 closes";
    }
}
