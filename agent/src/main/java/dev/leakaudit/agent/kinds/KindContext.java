package dev.leakaudit.agent.kinds;

import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.config.AgentOptions;
import dev.leakaudit.agent.events.AuditEvents;
import dev.leakaudit.agent.stacks.CallSites;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.FindingLog;
import dev.leakaudit.agent.verdict.LeakDetector;
import dev.leakaudit.agent.verdict.LeakJudge;

/** The core's services a kind is built from: the options, who runs, the judge, where things begin, the wording. */
public final class KindContext {

    private final AgentOptions options;
    private final TestScopes scopes;
    private final LeakJudge judge;
    private final CallSites sites;
    private final FindingContext findings;
    private final FindingLog log;
    private final AuditEvents events;

    public KindContext(AgentOptions options, TestScopes scopes, LeakJudge judge, CallSites sites,
                       FindingContext findings, FindingLog log, AuditEvents events) {
        this.options = options;
        this.scopes = scopes;
        this.judge = judge;
        this.sites = sites;
        this.findings = findings;
        this.log = log;
        this.events = events;
    }

    public AgentOptions options() {
        return options;
    }

    /** Which test or class owns what begins now. */
    public TestScopes scopes() {
        return scopes;
    }

    /** Where a kind's records go as they begin and end; detectors of findings that are no records join it too. */
    public LeakJudge judge() {
        return judge;
    }

    /** A detector whose findings are not records (retention, idempotent cleanup), asked at each scope's end. */
    public void addDetector(LeakDetector detector) {
        judge.addDetector(detector);
    }

    /** Findings confirmed outside a verdict (a second close, seen as it happens). */
    public FindingLog log() {
        return log;
    }

    /** The JDK Flight Recorder events. */
    public AuditEvents events() {
        return events;
    }

    /** Where things begin: stacks, cheap per call site. */
    public CallSites sites() {
        return sites;
    }

    public FindingContext findings() {
        return findings;
    }
}
