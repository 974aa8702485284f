package dev.leakaudit.agent.kinds.timers;

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

/** How a timer still pending at its deadline reads. */
final class TimerFindings {

    private TimerFindings() {
    }

    /** A timer still pending at its deadline (the caller has checked it is not the JDK's own or excluded). */
    static Finding timerPending(FindingContext context, TimerRecord record, boolean atExit) {
        List<String> frames = record.frames();
        if (context.isLeftOutAsJdkOwned(frames)) {
            return null;
        }
        String owner = JdkOwnership.ownerOf(frames);
        String site = owner == null ? StackFrames.site(frames) : null;
        Attribution attribution = record.attribution();
        boolean periodic = record.periodNanos() != 0;
        String message = describeTimer(record) + ' ' + Phrases.owner("scheduled", attribution) + ' '
                + (periodic ? "was never cancelled: it was " + TaskPhrases.after("still scheduled", attribution,
                                atExit, context.lingerMillis(), "cancel")
                        : "had not run and was never cancelled: it was " + TaskPhrases.after("still pending",
                                attribution, atExit, context.lingerMillis(), "cancel"))
                + ". Scheduled " + FindingContext.openedWhere(site, owner) + " on thread " + Phrases.threadLabel(record.scheduler()) + '.'
                + Phrases.endedLate(record)
                + Phrases.uncertainty(attribution, record.scheduler()) + ' ' + timerAdvice(record) + ' '
                + TaskPhrases.where(attribution) + '.';
        ThreadInfo thread = record.scheduler();
        return Finding.builder()
                .kind(TimerTracker.KIND)
                .severity(Severity.LEAK)
                .resourceClass(record.resourceClass())
                .resourceId(record.id())
                .attribution(attribution)
                .thread(thread.name(), thread.id(), thread.isVirtual())
                .openedAtMillis(record.scheduledAtMillis())
                .site(site)
                .stack(context.reportFrames(frames))
                .owner(owner)
                .message(message)
                .build();
    }

    /** "Periodic timer (ScheduledThreadPoolExecutor.scheduleAtFixedRate, every 100 ms, task Foo lambda)". */
    private static String describeTimer(TimerRecord record) {
        long period = record.periodNanos();
        String shape = period == 0 ? "One-shot timer" : "Periodic timer";
        StringBuilder text = new StringBuilder(shape).append(" (");
        if (record.source() == TimerRecord.Source.EXECUTOR) {
            String executor = record.ownerClass() == null ? "ScheduledThreadPoolExecutor"
                    : Phrases.simpleName(record.ownerClass());
            text.append(executor).append('.').append(record.method());
        } else {
            text.append("java.util.Timer.").append(period > 0 ? "scheduleAtFixedRate" : "schedule");
        }
        if (period != 0) {
            text.append(", every ").append(TaskPhrases.duration(period));
            if (record.delayNanos() > 0) {
                text.append(" after ").append(TaskPhrases.duration(record.delayNanos()));
            }
        } else {
            text.append(", delay ").append(TaskPhrases.duration(record.delayNanos()));
        }
        if (record.taskClass() != null) {
            text.append(", task ").append(Phrases.simpleName(record.taskClass()));
        }
        return text.append(')').toString();
    }

    private static String timerAdvice(TimerRecord record) {
        if (record.source() == TimerRecord.Source.TIMER) {
            return "Cancel the task (TimerTask.cancel()) or the Timer (Timer.cancel())";
        }
        return "Cancel it (ScheduledFuture.cancel()) or shut its executor down (shutdownNow(), or shutdown() "
                + "and awaitTermination())";
    }
}
