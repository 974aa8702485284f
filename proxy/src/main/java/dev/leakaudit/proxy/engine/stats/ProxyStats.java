package dev.leakaudit.proxy.engine.stats;

import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one proxy server. Written by the event loops, read by anyone. */
public final class ProxyStats {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder routed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder bytesFromClients = new LongAdder();
    private final LongAdder bytesToClients = new LongAdder();
    private final TerminationStats terminations = new TerminationStats();

    public void accepted() {
        accepted.increment();
    }

    public void routed() {
        routed.increment();
    }

    public void rejected() {
        rejected.increment();
    }

    /** Records one finished connection; called exactly once per connection. */
    public void closed(TerminationReason reason, boolean hadOutgoing) {
        terminations.increment(TerminationStats.Side.INCOMING, reason);
        if (hadOutgoing) {
            terminations.increment(TerminationStats.Side.OUTGOING, reason);
        }
        // Last: whoever sees the closed count sees the reasons counted too.
        closed.increment();
    }

    /** Bytes read from a client, counted as they arrive. */
    public void fromClient(long n) {
        bytesFromClients.add(n);
    }

    /** Bytes written to a client, counted as they leave. */
    public void toClient(long n) {
        bytesToClients.add(n);
    }

    public long acceptedCount() {
        return accepted.sum();
    }

    public long routedCount() {
        return routed.sum();
    }

    public long rejectedCount() {
        return rejected.sum();
    }

    public long closedCount() {
        return closed.sum();
    }

    public long bytesFromClients() {
        return bytesFromClients.sum();
    }

    public long bytesToClients() {
        return bytesToClients.sum();
    }

    public TerminationStats terminations() {
        return terminations;
    }

    public Map<String, Long> incomingTerminations() {
        return terminations.snapshot(TerminationStats.Side.INCOMING);
    }

    public Map<String, Long> outgoingTerminations() {
        return terminations.snapshot(TerminationStats.Side.OUTGOING);
    }
}
