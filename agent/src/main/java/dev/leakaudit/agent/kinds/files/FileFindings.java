package dev.leakaudit.agent.kinds.files;

import java.util.List;

import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.JdkOwnership;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.format.Severity;

/** How a file left open at its deadline (or reclaimed by the collector unclosed) reads. */
final class FileFindings {

    /**
     * The JDK's own files, whoever asked for what needed them: class path jars and the streams its
     * class loaders, module system, service loader and jar URLs open, and the files its components
     * open once and keep (the random-number devices of {@code SecureRandom}, time-zone and locale data,
     * the chunks of JDK Flight Recorder's repository).
     */
    static final List<String> JDK_OWN = List.of("jdk.internal.loader.", "java.lang.ClassLoader.",
            "java.net.URLClassLoader", "jdk.internal.module.", "sun.net.www.protocol.jar.", "java.util.ServiceLoader",
            "java.lang.Module.", "java.lang.Class.getResource", "jdk.internal.jimage.", "jdk.nio.zipfs.",
            "sun.security.provider.", "sun.security.util.", "java.security.SecureRandom", "javax.crypto.",
            "sun.util.calendar.", "sun.util.locale.provider.", "sun.util.resources.", "java.util.Currency",
            "java.util.ResourceBundle", "sun.font.", "java.awt.", "sun.awt.",
            "jdk.jfr.", "java.util.prefs.", "jdk.management.", "sun.management.", "jdk.internal.perf.");

    /** Files the JDK opens as part of another tracked one: the random-access file under a {@code ZipFile}. */
    static final List<String> PART_OF_ANOTHER = List.of("java.util.zip.ZipFile$Source");

    private FileFindings() {
    }

    static Finding leftOpen(FindingContext context, FileRecord record, boolean atExit) {
        List<String> frames = record.beganAt().frames();
        String site = StackFrames.site(frames);
        if (context.exclusions().excludes(frames, site) || context.isLeftOutAsJdkOwned(frames)
                || openedBefore(frames, JDK_OWN) || openedBefore(frames, PART_OF_ANOTHER)) {
            return null;
        }
        String owner = JdkOwnership.ownerOf(frames);
        site = owner == null ? site : null;
        boolean collected = record.lostUnended();
        String message = Phrases.simpleName(record.resourceClassName()) + " (file"
                + (record.path() == null ? "" : " " + record.path()) + ") " + Phrases.owner("opened", record.attribution())
                + ' ' + (collected ? "was never closed; the garbage collector reclaimed it, and its descriptor stayed "
                        + "open until a collection happened to run" : context.stillOpenPhrase(record.attribution(), atExit))
                + ". Opened " + FindingContext.openedWhere(site, owner) + " on thread " + Phrases.threadLabel(record.beganOn())
                + '.' + Phrases.endedLate(record) + Phrases.uncertainty(record.attribution(), record.beganOn())
                + (collected ? " Close it explicitly (try-with-resources)." : FindingContext.closeAdvice(record.attribution()));
        return Finding.builder()
                .kind(FileKind.KIND)
                .severity(Severity.LEAK)
                .resourceClass(record.resourceClassName())
                .resourceId(record.id())
                .attribution(record.attribution())
                .thread(record.beganOn().name(), record.beganOn().id(), record.beganOn().isVirtual())
                .openedAtMillis(record.beganAtMillis())
                .site(site)
                .stack(context.reportFrames(frames))
                .collected(collected)
                .owner(owner)
                .path(record.path())
                .message(message)
                .build();
    }

    /** A frame starting with one of {@code prefixes} before the first frame of the program. */
    static boolean openedBefore(List<String> frames, List<String> prefixes) {
        for (String frame : frames) {
            for (String prefix : prefixes) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
            if (!StackFrames.isJdkOrAgent(frame)) {
                return false;
            }
        }
        return false;
    }
}
