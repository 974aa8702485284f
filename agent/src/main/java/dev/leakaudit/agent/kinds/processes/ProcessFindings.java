package dev.leakaudit.agent.kinds.processes;

import java.util.List;

import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.agent.kinds.tasks.TaskPhrases;
import dev.leakaudit.format.Severity;

/** How a child process left behind reads: still running, or exited and never waited for. */
final class ProcessFindings {

    private ProcessFindings() {
    }

    static Finding leftBehind(FindingContext context, ProcessRecord record, boolean atExit) {
        List<String> frames = record.beganAt().frames();
        String site = StackFrames.site(frames);
        if (context.exclusions().excludes(frames, site) || context.isLeftOutAsJdkOwned(frames)) {
            return null;
        }
        boolean collected = record.lostUnended();
        boolean alive = record.isAlive();
        String what = "Process `" + (record.command() == null ? "?" : record.command()) + "`";
        String fate;
        String advice;
        if (collected) {
            fate = "became unreachable without being waited for: nothing in the program can stop it or learn how it "
                    + "ended any more";
            advice = "Keep the Process and wait for it (waitFor()), or destroy it, before the test ends.";
        } else if (alive || record.endedAtMillis() != 0) {
            fate = "was " + TaskPhrases.after("still running", record.attribution(), atExit, context.lingerMillis(),
                    "stop");
            advice = "Destroy it (destroy(), then waitFor()) or wait for it to end, and close its streams.";
        } else {
            fate = "exited, but was never waited for and its streams were never closed";
            advice = "Wait for it (waitFor()) and close its input, output and error streams.";
        }
        String message = what + ' ' + Phrases.owner("started", record.attribution()) + ' ' + fate
                + ". Started at " + site + " on thread " + Phrases.threadLabel(record.beganOn()) + '.'
                + Phrases.endedLate(record) + Phrases.uncertainty(record.attribution(), record.beganOn()) + ' ' + advice;
        return Finding.builder()
                .kind(ProcessKind.KIND)
                .severity(Severity.LEAK)
                .resourceClass(record.resourceClassName())
                .resourceId(record.id())
                .attribution(record.attribution())
                .thread(record.beganOn().name(), record.beganOn().id(), record.beganOn().isVirtual())
                .openedAtMillis(record.beganAtMillis())
                .site(site)
                .stack(context.reportFrames(frames))
                .collected(collected)
                .command(record.command())
                .message(message)
                .build();
    }
}
