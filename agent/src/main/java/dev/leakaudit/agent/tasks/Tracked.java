package dev.leakaudit.agent.tasks;

import dev.leakaudit.agent.attribution.Attribution;

/**
 * One started thread or scheduled timer, held weakly. "Pending" only ever turns false: a thread
 * that ended, a timer that fired, was cancelled or discarded, never becomes pending again.
 */
public interface Tracked {

    Attribution attribution();

    /** Still alive (thread) or still due to run (timer); false once the object was collected. */
    boolean isPending();
}
