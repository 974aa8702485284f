package dev.leakaudit.agent.verdict;

import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.events.AuditEvents;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.stacks.CallStack;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The judge's rules on plain records: ended in time is clean, open at the deadline or ended late is a finding, once. */
class LeakJudgeTest {

    private static final long LINGER = 50;

    /** A thing whose openness the test sets; its finding names it. */
    private static final class Thing extends Tracked {
        final String name;
        volatile boolean pending = true;
        volatile boolean collected;

        Thing(String name, TestScope scope, long beganAt) {
            super(scope == null ? Attribution.RUN : scope.certainAttribution(), beganAt, ThreadInfo.current(),
                    CallStack.here());
            this.name = name;
        }

        @Override
        public String kindId() {
            return "socket";
        }

        @Override
        public String resourceClassName() {
            return "java.net.Socket";
        }

        @Override
        public boolean isPending() {
            return pending;
        }

        @Override
        public boolean lostUnended() {
            return collected;
        }

        @Override
        public Finding finding(FindingContext findings, boolean atExit) {
            return Finding.builder().kind("socket").attribution(attribution()).message(name + (atExit ? " at exit" : ""))
                    .build();
        }
    }

    private final FindingLog log = new FindingLog(AuditEvents.NONE);
    private final LeakJudge judge = new LeakJudge(new FindingContext(new StackFrames(32), new Exclusions(List.of()),
            LINGER, new JdkOwnership(false)), log, LINGER);

    private static TestScope endedClass(long endedAt) {
        TestScope scope = new TestScope("[class:A]", "com.acme.A", "A", TestScope.Level.CLASS, null, endedAt - 1000);
        scope.end(endedAt, "successful");
        return scope;
    }

    private List<String> messages() {
        return log.confirmed().stream().map(Finding::message).toList();
    }

    @Test
    void endedWithinLingerIsCleanAndOpenAtTheDeadlineIsAFindingOfItsOwner() {
        long now = System.currentTimeMillis();
        TestScope scope = endedClass(now - 10 * LINGER);
        Thing closedInTime = new Thing("closed in time", scope, now - 2000);
        Thing leftOpen = new Thing("left open", scope, now - 2000);
        Thing closedLate = new Thing("closed late", scope, now - 2000);
        for (Thing thing : List.of(closedInTime, leftOpen, closedLate)) {
            judge.began(thing);
        }
        closedInTime.end(now - 10 * LINGER + LINGER / 2, "closed", null);
        closedInTime.pending = false;
        closedLate.end(now - LINGER, "closed", null);
        closedLate.pending = false;
        judge.classFinished(scope);
        assertEquals(List.of("left open", "closed late"), messages());
        assertEquals(2, scope.findingCount());
        judge.classFinished(scope);
        assertEquals(2, log.confirmed().size(), "a thing is judged once, however often verdicts run");
    }

    @Test
    void aThingBeforeItsDeadlineIsCarriedForwardNotJudged() {
        long now = System.currentTimeMillis();
        TestScope running = new TestScope("[class:B]", "com.acme.B", "B", TestScope.Level.CLASS, null, now);
        Thing thing = new Thing("still in its class", running, now);
        judge.began(thing);
        judge.classFinished(endedClass(now - 10 * LINGER)); // another class's end: not this thing's deadline
        assertEquals(List.of(), messages());
        assertEquals(List.of(thing), judge.undecided());
        running.end(System.currentTimeMillis() - 2 * LINGER, "successful");
        judge.classFinished(running);
        assertEquals(List.of("still in its class"), messages());
    }

    @Test
    void collectedWithoutEverEndingIsAFindingAtOnce() {
        long now = System.currentTimeMillis();
        TestScope running = new TestScope("[class:C]", "com.acme.C", "C", TestScope.Level.CLASS, null, now);
        Thing thing = new Thing("collected", running, now);
        judge.began(thing);
        thing.collected = true;
        judge.classFinished(endedClass(now - 10 * LINGER));
        assertEquals(List.of("collected"), messages());
    }

    @Test
    void theRunsEndDecidesWhatIsLeftAtExitWithoutWaiting() {
        Thing thing = new Thing("the run's own", null, System.currentTimeMillis());
        judge.began(thing);
        long started = System.nanoTime();
        judge.runFinished(true);
        assertTrue(System.nanoTime() - started < 5_000_000_000L);
        assertEquals(List.of("the run's own at exit"), messages());
    }
}
