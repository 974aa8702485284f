package dev.leakaudit.agent.ledger;

/** Where every kind's instrumentation reports what began and what ended: the judge. Never blocks. */
public interface TrackedSink {

    /** Something began that its owner must end. */
    void began(Tracked tracked);

    /** Something ended; its end time and way are already recorded on it. */
    void ended(Tracked tracked);
}
