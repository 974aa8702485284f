package dev.leakaudit.agent.kinds.files;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.ref.WeakReference;
import java.nio.channels.Channel;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;

/**
 * One open file: a stream, a random-access file, a file channel, a directory stream or a zip file,
 * held weakly, with its path. It ends when it is closed (advice on its close).
 */
final class FileRecord extends Tracked {

    private final long id;
    private final String className;
    private final String path;
    private final WeakReference<Object> file;
    private volatile boolean closed;
    private final TestScopes scopes;

    FileRecord(long id, Object file, String path, CallStack opened, long atMillis, ThreadInfo thread,
               Attribution attribution, TestScopes scopes) {
        super(attribution, atMillis, thread, opened);
        this.scopes = scopes;
        this.id = id;
        this.className = file.getClass().getName();
        this.path = path;
        this.file = new WeakReference<>(file);
    }

    /** Closed now, on this thread: its end (the first close counts). */
    boolean close(long atMillis, ThreadInfo thread) {
        closed = true;
        return end(atMillis, "closed", thread);
    }

    /** Open as far as a cheap look tells: not closed, reachable, and its descriptor or channel still open. */
    @Override
    public boolean isPending() {
        Object target = file.get();
        if (closed || target == null) {
            return false;
        }
        try {
            if (target instanceof Channel) {
                return ((Channel) target).isOpen();
            }
            FileDescriptor fd = target instanceof FileInputStream ? ((FileInputStream) target).getFD()
                    : target instanceof FileOutputStream ? ((FileOutputStream) target).getFD()
                    : target instanceof RandomAccessFile ? ((RandomAccessFile) target).getFD() : null;
            return fd == null || fd.valid();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Never closed, and reclaimed by the collector (its cleaner closed the descriptor whenever that ran). */
    @Override
    public boolean lostUnended() {
        return !closed && file.get() == null;
    }

    /** Once a test runner reported tests, what was opened outside every test is the runner's or the program's. */
    @Override
    public Finding finding(FindingContext findings, boolean atExit) {
        if (attribution().scope() == null && scopes.anyScopeSeen()) {
            return null;
        }
        return FileFindings.leftOpen(findings, this, atExit);
    }

    @Override
    public String kindId() {
        return FileKind.KIND;
    }

    @Override
    public String resourceClassName() {
        return className;
    }

    @Override
    public Object subjectOrNull() {
        return file.get();
    }

    long id() {
        return id;
    }

    String path() {
        return path;
    }
}
