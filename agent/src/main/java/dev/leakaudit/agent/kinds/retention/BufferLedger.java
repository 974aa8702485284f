package dev.leakaudit.agent.kinds.retention;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.kinds.sockets.ResourceLedger;
import dev.leakaudit.agent.kinds.sockets.ResourceRecord;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.WeakIdentityMap;

/**
 * Which tracked channel used which buffers, noted weakly at each read and write. A buffer's first
 * use captures a stack (one per distinct buffer object, not per call); later uses cost two
 * identity-map lookups.
 */
public final class BufferLedger {

    private final ResourceLedger ledger;
    private final WeakIdentityMap<BufferUse> uses = new WeakIdentityMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public BufferLedger(ResourceLedger ledger) {
        this.ledger = ledger;
    }

    /** A buffer or an array of buffers was passed to a read or write of {@code channel}. */
    public void used(Object channel, Object bufferOrBuffers) {
        ResourceRecord record = ledger.recordOf(channel);
        if (record == null) {
            return; // not tracked (a probe, or opened before the agent started)
        }
        if (bufferOrBuffers instanceof ByteBuffer) {
            note(record, (ByteBuffer) bufferOrBuffers);
        } else if (bufferOrBuffers instanceof Object[]) {
            for (Object element : (Object[]) bufferOrBuffers) {
                if (element instanceof ByteBuffer) {
                    note(record, (ByteBuffer) element);
                }
            }
        }
    }

    private void note(ResourceRecord record, ByteBuffer buffer) {
        BufferUse use = uses.get(buffer);
        if (use == null) {
            BufferUse created = new BufferUse(nextId.getAndIncrement(), buffer, record,
                    new Throwable("buffer first used here"), System.currentTimeMillis(), ThreadInfo.current());
            use = uses.computeIfAbsent(buffer, new Constant(created));
        }
        use.usedBy(record);
    }

    List<BufferUse> all() {
        return uses.values();
    }

    int size() {
        return uses.size();
    }

    /** A creation function returning a value made beforehand (no capture of the key). */
    private static final class Constant implements java.util.function.Function<Object, BufferUse> {
        private final BufferUse value;

        Constant(BufferUse value) {
            this.value = value;
        }

        @Override
        public BufferUse apply(Object ignoredKey) {
            return value;
        }
    }
}
