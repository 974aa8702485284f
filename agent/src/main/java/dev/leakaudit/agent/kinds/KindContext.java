package dev.leakaudit.agent.kinds;

import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.config.AgentOptions;
import dev.leakaudit.agent.ledger.TrackedSink;
import dev.leakaudit.agent.stacks.CallSites;
import dev.leakaudit.agent.verdict.FindingContext;

/** The core's services a kind is built from: the options, who runs, the judge, where things begin, the wording. */
public final class KindContext {

    private final AgentOptions options;
    private final TestScopes scopes;
    private final TrackedSink judge;
    private final CallSites sites;
    private final FindingContext findings;

    public KindContext(AgentOptions options, TestScopes scopes, TrackedSink judge, CallSites sites,
                       FindingContext findings) {
        this.options = options;
        this.scopes = scopes;
        this.judge = judge;
        this.sites = sites;
        this.findings = findings;
    }

    public AgentOptions options() {
        return options;
    }

    /** Which test or class owns what begins now. */
    public TestScopes scopes() {
        return scopes;
    }

    /** Where a kind's records go as they begin and end. */
    public TrackedSink judge() {
        return judge;
    }

    /** Where things begin: stacks, cheap per call site. */
    public CallSites sites() {
        return sites;
    }

    public FindingContext findings() {
        return findings;
    }
}
