package dev.leakaudit.agent.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.ledger.ResourceLedger;
import dev.leakaudit.agent.ledger.ResourceRecord;

/**
 * Decides, at the end of each test, class and run, what was left open. A scope's resources get up
 * to the linger period to close (cleanup often finishes on another thread); the wait returns as
 * soon as all of them are closed, so clean tests pay nothing.
 */
public final class LeakJudge {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final ResourceLedger ledger;
    private final FindingFactory findings;
    private final FindingLog log;
    private final long lingerMillis;
    private final List<LeakDetector> detectors = new CopyOnWriteArrayList<>();

    public LeakJudge(ResourceLedger ledger, FindingFactory findings, FindingLog log, long lingerMillis) {
        this.ledger = ledger;
        this.findings = findings;
        this.log = log;
        this.lingerMillis = lingerMillis;
    }

    /** Adds a detector of another kind of leftover; see {@link LeakDetector}. */
    public void addDetector(LeakDetector detector) {
        detectors.add(detector);
    }

    private void runDetectors(TestScope scope) {
        for (LeakDetector detector : detectors) {
            List<Finding> found;
            try {
                found = detector.scopeFinished(scope);
            } catch (RuntimeException | LinkageError e) {
                continue; // a broken detector must not break the run
            }
            for (Finding finding : found) {
                if (finding.scope() != null) {
                    finding.scope().countFinding();
                }
                log.confirm(finding);
            }
        }
    }

    /** End of a test: what is still open becomes a pending finding of its class. */
    public void testFinished(TestScope test) {
        judgeSockets(test);
        runDetectors(test);
    }

    private void judgeSockets(TestScope test) {
        List<ResourceRecord> open = awaitClosed(ledger.unclosedOwnedBy(test), lingerMillis);
        for (ResourceRecord record : open) {
            record.markJudged();
            Finding finding = findings.leftOpen(record, false);
            if (finding == null) {
                ledger.forget(record);
                continue;
            }
            test.countFinding();
            if (test.enclosingClass() == null || record.wasCollectedOpen()) {
                log.confirm(finding);
            } else {
                log.hold(test.enclosingClass(), finding, record);
            }
        }
    }

    /** End of a class: withdraw test findings its teardown closed, then judge the class's own resources. */
    public void classFinished(TestScope testClass) {
        judgeSocketsOfClass(testClass);
        runDetectors(testClass);
    }

    private void judgeSocketsOfClass(TestScope testClass) {
        List<FindingLog.Pending> pending = log.takePending(testClass);
        List<ResourceRecord> watched = new ArrayList<>(ledger.unclosedOwnedBy(testClass));
        for (FindingLog.Pending item : pending) {
            watched.add(item.record);
        }
        List<ResourceRecord> unresolved = awaitClosed(watched, lingerMillis);
        for (FindingLog.Pending item : pending) {
            if (unresolved.remove(item.record)) {
                log.confirm(item.finding);
            } else {
                item.finding.scope().withdrawFinding();
            }
        }
        for (ResourceRecord record : unresolved) {
            record.markJudged();
            Finding finding = findings.leftOpen(record, false);
            if (finding == null) {
                ledger.forget(record);
            } else {
                testClass.countFinding();
                log.confirm(finding);
            }
        }
    }

    /** End of the run: everything not yet judged, and every finding still pending, is final. */
    public void runFinished(boolean atExit) {
        judgeSocketsAtRunEnd(atExit);
        for (LeakDetector detector : detectors) {
            try {
                for (Finding finding : detector.runFinished(atExit)) {
                    if (finding.scope() != null) {
                        finding.scope().countFinding();
                    }
                    log.confirm(finding);
                }
            } catch (RuntimeException | LinkageError e) {
                // a broken detector must not cost the report
            }
        }
    }

    private void judgeSocketsAtRunEnd(boolean atExit) {
        for (FindingLog.Pending item : log.takeAllPending()) {
            log.confirm(item.finding);
        }
        List<ResourceRecord> unresolved = awaitClosed(ledger.unclosedUnjudged(), atExit ? 0 : lingerMillis);
        for (ResourceRecord record : unresolved) {
            record.markJudged();
            Finding finding = findings.leftOpen(record, atExit);
            if (finding == null) {
                ledger.forget(record);
            } else {
                if (finding.scope() != null) {
                    finding.scope().countFinding();
                }
                log.confirm(finding);
            }
        }
    }

    /**
     * Polls until every record is closed or collected, or the linger period ends. Returns the
     * records that are still open or were collected unclosed; the ledger forgets the rest.
     */
    private List<ResourceRecord> awaitClosed(List<ResourceRecord> all, long lingerMillis) {
        List<ResourceRecord> records = new ArrayList<>();
        for (ResourceRecord record : all) {
            if ((record.isStillOpen() || record.wasCollectedOpen()) && findings.isExcluded(record)) {
                record.markJudged();
                ledger.forget(record); // test infrastructure or a user exclude: never waited for
            } else {
                records.add(record);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        while (anyStillOpen(records) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        List<ResourceRecord> unresolved = new ArrayList<>();
        for (ResourceRecord record : records) {
            if (record.isStillOpen() || record.wasCollectedOpen()) {
                unresolved.add(record);
            } else {
                ledger.forget(record);
            }
        }
        return unresolved;
    }

    private static boolean anyStillOpen(List<ResourceRecord> records) {
        for (ResourceRecord record : records) {
            if (record.isStillOpen()) {
                return true;
            }
        }
        return false;
    }
}
