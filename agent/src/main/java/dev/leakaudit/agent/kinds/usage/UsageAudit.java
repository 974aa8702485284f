package dev.leakaudit.agent.kinds.usage;

import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import dev.leakaudit.agent.kinds.cleanup.CleanupTracker;
import dev.leakaudit.agent.config.AgentOptions;
import dev.leakaudit.agent.config.UserCodeOptions;
import dev.leakaudit.agent.kinds.sockets.ResourceLedger;
import dev.leakaudit.agent.kinds.retention.BufferLedger;
import dev.leakaudit.agent.kinds.retention.RetentionDetector;
import dev.leakaudit.agent.stacks.CallSites;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.LeakJudge;
import dev.leakaudit.agent.config.Diagnostics;
import dev.leakaudit.agent.kinds.handlers.HandlerTracker;

/**
 * Starts the detectors of handler registrations ({@code handler}), non-idempotent cleanup
 * ({@code cleanup-not-idempotent}) and retention after close ({@code retained}, {@code buffer}):
 * registers them with the judge and installs their sink in the bridge (their advice is installed
 * with the rest, in {@code Instrumentations}).
 */
public final class UsageAudit {

    private final RetentionDetector retention;
    private final UserCodeOptions userCode;

    private UsageAudit(RetentionDetector retention, UserCodeOptions userCode) {
        this.retention = retention;
        this.userCode = userCode;
    }

    /** Called from {@code AgentRuntime.start}; the options were validated when parsed. */
    public static UsageAudit start(AgentOptions options, ResourceLedger ledger, TestScopes scopes, LeakJudge judge,
                                   FindingContext findings, CallSites sites) {
        UserCodeOptions userCode = options.userCode();
        HandlerTracker handlers = new HandlerTracker(scopes, judge, sites, userCode.handlers());
        CleanupTracker cleanup = new CleanupTracker(scopes, findings);
        BufferLedger buffers = null;
        RetentionDetector retention = null;
        if (userCode.retention() != UserCodeOptions.Retention.OFF) {
            buffers = new BufferLedger(ledger);
            retention = new RetentionDetector(userCode.retention(), ledger, buffers, scopes, findings);
        }
        judge.addDetector(cleanup);
        if (retention != null) {
            judge.addDetector(retention);
        }
        cleanup.activate();
        LeakAuditBridge.installUsage(new UsageHooks(handlers, cleanup, buffers));
        UsageAudit audit = new UsageAudit(retention, userCode);
        if (retention != null && Diagnostics.RETENTION_STATS) {
            Thread stats = new Thread(new StatsLine(audit), "leak-audit-retention-stats");
            stats.setDaemon(true);
            Runtime.getRuntime().addShutdownHook(stats); // for scripts/bench/retention-bench.sh
        }
        return audit;
    }

    /** Prints what the retention check cost, at exit; only with -Dleakaudit.retention.stats=true. */
    private static final class StatsLine implements Runnable {
        private final UsageAudit audit;

        StatsLine(UsageAudit audit) {
            this.audit = audit;
        }

        @Override
        public void run() {
            System.err.println("[leak-audit] " + audit.retentionCost());
        }
    }

    /** What the retention check cost so far (null with retention=off). */
    public String retentionCost() {
        return retention == null ? null : retention.costSummary();
    }

    /** What the handler, cleanup and buffer advice needs to know. */
    public UserCodeOptions userCode() {
        return userCode;
    }
}
