package dev.leakaudit.agent.kinds.threads;

import dev.leakaudit.agent.ledger.WeakIdentityMap;
import dev.leakaudit.agent.stacks.CallStack;

/**
 * Where each thread pool was made. A pool's workers start lazily, inside whichever test first
 * submits a task, so the stack of a worker's {@code start()} names that test; the code that made
 * the pool (a shared holder's static initializer, or the test itself) is who the workers belong to.
 * Pools are held weakly.
 */
public final class PoolCreations {

    private final WeakIdentityMap<CallStack> created = new WeakIdentityMap<>();

    /** Records where {@code pool} is being constructed (the first call wins: constructors delegate). */
    public void created(Object pool) {
        if (created.get(pool) == null) {
            created.computeIfAbsent(pool, ignored -> CallStack.here());
        }
    }

    /** Where {@code pool} was made, or null when it was made before the agent started or is not a pool. */
    public CallStack creationOf(Object pool) {
        return pool == null ? null : created.get(pool);
    }
}
