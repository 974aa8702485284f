package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.ledger.ThreadInfo;

/** Told about resource lifecycle events as they happen (JFR events, double-close findings). */
public interface LedgerListener {

    void opened(ResourceRecord record);

    void closed(ResourceRecord record);

    /**
     * A close call on a resource that had already been closed; {@code secondClose} is where, and
     * {@code throughWrapper} says it came from the resource's stream, adaptor or SSL layer.
     */
    void closedAgain(ResourceRecord record, CallStack secondClose, boolean throughWrapper, ThreadInfo thread);
}
