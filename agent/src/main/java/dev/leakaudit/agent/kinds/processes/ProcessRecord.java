package dev.leakaudit.agent.kinds.processes;

import java.lang.ref.WeakReference;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;

/**
 * One child process, held weakly, with its command line. It is done when it has exited and was
 * either waited for ({@code waitFor}, {@code exitValue}, {@code onExit}) or had its output and
 * error pipes closed.
 */
final class ProcessRecord extends Tracked {

    private final long id;
    private final String className;
    private final String command;
    private final WeakReference<Process> process;
    private volatile boolean waitedFor;
    /** Pipes to and from the process not yet closed by the program (redirected ones never count). */
    private final java.util.concurrent.atomic.AtomicInteger openPipes;

    private final TestScopes scopes;

    ProcessRecord(long id, Process process, String command, int openPipes, CallStack started, long atMillis,
                  ThreadInfo thread, Attribution attribution, TestScopes scopes) {
        super(attribution, atMillis, thread, started);
        this.scopes = scopes;
        this.id = id;
        this.className = process.getClass().getName();
        this.command = command;
        this.process = new WeakReference<>(process);
        this.openPipes = new java.util.concurrent.atomic.AtomicInteger(openPipes);
    }

    void waitedFor() {
        waitedFor = true;
    }

    void pipeClosed() {
        openPipes.decrementAndGet();
    }

    /** Running, or exited but neither waited for nor with its pipes closed. */
    @Override
    public boolean isPending() {
        Process target = process.get();
        if (target == null) {
            return false;
        }
        return target.isAlive() || !waitedFor && openPipes.get() > 0;
    }

    /** Unreachable, never waited for and never seen ended: nothing can stop it or learn how it ended any more. */
    @Override
    public boolean lostUnended() {
        return process.get() == null && !waitedFor && endedAtMillis() == 0;
    }

    /** Once a test runner reported tests, what was started outside every test is the runner's or the program's. */
    @Override
    public Finding finding(FindingContext findings, boolean atExit) {
        if (attribution().scope() == null && scopes.anyScopeSeen()) {
            return null;
        }
        return ProcessFindings.leftBehind(findings, this, atExit);
    }

    @Override
    public String kindId() {
        return ProcessKind.KIND;
    }

    @Override
    public String resourceClassName() {
        return className;
    }

    @Override
    public Object subjectOrNull() {
        return process.get();
    }

    boolean isAlive() {
        Process target = process.get();
        return target != null && target.isAlive();
    }

    boolean wasWaitedFor() {
        return waitedFor;
    }

    long id() {
        return id;
    }

    String command() {
        return command;
    }
}
