package dev.leakaudit.agent.kinds.threads;

import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.kinds.tasks.TaskPhrases;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.JdkOwnership;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.format.Severity;

/** How a thread still alive at its deadline (or ended only by the collector) reads. */
final class ThreadFindings {

    private ThreadFindings() {
    }

    /** A thread still alive at its deadline (the caller has checked it is not the JDK's own or excluded). */
    static Finding threadAlive(FindingContext context, ThreadRecord record, boolean atExit) {
        Thread thread = record.threadOrNull();
        if (thread == null || context.isLeftOutAsJdkOwned(record.frames())) {
            return null;
        }
        String name = thread.getName();
        boolean virtual = ThreadInfo.isVirtual(thread);
        String className = thread.getClass().getName();
        boolean ended = record.endedAtMillis() != 0;
        Throwable now = new Throwable();
        now.setStackTrace(ended ? new StackTraceElement[0] : context.currentStackOf(thread));
        List<String> current = StackFrames.allFrames(now);
        ThreadRole role = ThreadRole.of(thread, record.frames(), current);
        thread = null; // no strong reference beyond this point

        List<String> frames = record.frames();
        String owner = JdkOwnership.ownerOf(frames);
        String site = owner == null ? StackFrames.site(frames) : null;
        Attribution attribution = record.attribution();
        boolean collected = record.endedByCollector();
        String fate = collected
                ? "never stopped: its executor was never shut down, and the thread ended only when the garbage "
                        + "collector reclaimed the executor (its finalizer or cleaner shut it down), which may come "
                        + "at any time or never"
                : TaskPhrases.after("still alive", attribution, atExit, context.lingerMillis(), "stop");
        String message = (virtual ? "Virtual thread " : "Thread ") + Phrases.threadLabel(name, record.threadId(), false)
                + role.phrase() + ' ' + Phrases.owner("started", attribution) + " was " + fate
                + ". start() was called " + FindingContext.openedWhere(site, owner) + " on thread " + Phrases.threadLabel(record.starter())
                + (collected ? "." : ended ? "." + Phrases.endedLate(record)
                        : "; it is now in " + TaskPhrases.whereNow(current) + '.')
                + Phrases.uncertainty(attribution, record.starter())
                + ' ' + role.advice() + ' ' + TaskPhrases.where(attribution) + '.';
        return Finding.builder()
                .kind(ThreadTracker.KIND)
                .severity(Severity.LEAK)
                .resourceClass(className)
                .resourceId(record.threadId())
                .attribution(attribution)
                .thread(name, record.threadId(), virtual)
                .openedAtMillis(record.startedAtMillis())
                .site(site)
                .stack(context.reportFrames(frames))
                .currentStack(context.reportFrames(current))
                .collected(collected)
                .owner(owner)
                .message(message)
                .build();
    }
}
