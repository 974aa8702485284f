package dev.leakaudit.agent.kinds.bytebufs;

import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.bootstrap.AgentThreadState;
import dev.leakaudit.agent.bootstrap.KindEventSink;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.WeakIdentityMap;

/**
 * Netty buffers an allocator made, by identity and held weakly, from their allocation until their
 * reference count reaches zero. Retains, partial releases and hand-overs between handlers of a
 * live buffer are kept as its last few touches; events on buffers no allocator made (wrapped
 * arrays, derived views) are looked up and dropped. A pooled buffer object comes back for a new
 * allocation once freed: that is a new record.
 */
final class ByteBufTracker implements KindEventSink {

    static final String ALLOCATED = "allocated";
    static final String RELEASED = "released";
    static final String FREED = "freed";
    static final String RETAINED = "retained";
    static final String TOUCHED = "touched";
    static final String OWNED = "owned";

    private final KindContext context;
    private final WeakIdentityMap<ByteBufRecord> live = new WeakIdentityMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    ByteBufTracker(KindContext context) {
        this.context = context;
    }

    @Override
    public void on(String event, Object subject, Object detail) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return;
        }
        try {
            if (ALLOCATED.equals(event)) {
                allocated(subject, state);
                return;
            }
            if (OWNED.equals(event)) {
                ByteBufRecord component = live.get(NettyBuffers.unwrapLeakAware(subject));
                ByteBufRecord composite = live.get(detail);
                if (component != null && composite != null) {
                    component.ownedBy(composite);
                }
                return;
            }
            if (FREED.equals(event)) {
                ByteBufRecord record = live.remove(subject);
                if (record != null && record.free(System.currentTimeMillis(), ThreadInfo.current(state))) {
                    context.judge().ended(record);
                }
                return;
            }
            ByteBufRecord record = live.get(subject);
            if (record != null) {
                String hint = TOUCHED.equals(event) ? NettyBuffers.hintText(detail) : null;
                // Only a retain makes a new owner, so only a retain keeps its stack: a hand-over's hint
                // names its handler, and a partial release says the count left. Each stack costs about
                // as much as the allocation's (scripts/bench/netty-buffers.sh).
                record.touched(event, NettyBuffers.refCnt(subject), hint,
                        RETAINED.equals(event) ? context.sites().beginning() : null);
            }
        } finally {
            state.exit();
        }
    }

    private void allocated(Object returned, AgentThreadState state) {
        Object buffer = NettyBuffers.unwrapLeakAware(returned);
        if (NettyBuffers.isEmptyBuffer(buffer)) {
            return;
        }
        long now = System.currentTimeMillis();
        ByteBufRecord record = new ByteBufRecord(nextId.getAndIncrement(), buffer, NettyBuffers.capacity(buffer),
                NettyBuffers.isDirect(buffer), NettyBuffers.allocatorOf(buffer), context.sites().beginning(), now,
                ThreadInfo.current(state), context.scopes().attributeCurrentThread(state), context.scopes());
        ByteBufRecord reused = live.put(buffer, record);
        if (reused != null && reused.free(now, null)) {
            context.judge().ended(reused); // a pooled object back for a new allocation: its last one ended unseen
        }
        context.judge().began(record);
    }
}
