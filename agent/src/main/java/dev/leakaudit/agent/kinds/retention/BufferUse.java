package dev.leakaudit.agent.kinds.retention;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

import dev.leakaudit.agent.kinds.sockets.ResourceRecord;
import dev.leakaudit.agent.ledger.ThreadInfo;

/**
 * What is known about one buffer that passed through channel reads or writes: the first channel
 * that used it and whether any other channel used it since (then it is pooled, never a leak).
 * Holds the buffer weakly; the channel's record never holds the channel strongly.
 */
final class BufferUse {

    private final long id;
    private final WeakReference<ByteBuffer> buffer;
    private final String bufferClass;
    private final ResourceRecord channel;
    private final Throwable firstUse;
    private final long firstUseMillis;
    private final ThreadInfo thread;
    private volatile boolean shared;
    private volatile boolean checked;

    BufferUse(long id, ByteBuffer buffer, ResourceRecord channel, Throwable firstUse, long firstUseMillis,
              ThreadInfo thread) {
        this.id = id;
        this.buffer = new WeakReference<>(buffer);
        this.bufferClass = buffer.getClass().getName();
        this.channel = channel;
        this.firstUse = firstUse;
        this.firstUseMillis = firstUseMillis;
        this.thread = thread;
    }

    void usedBy(ResourceRecord record) {
        if (record != channel && !shared) {
            shared = true;
        }
    }

    ByteBuffer bufferOrNull() {
        return buffer.get();
    }

    long id() {
        return id;
    }

    String bufferClass() {
        return bufferClass;
    }

    ResourceRecord channel() {
        return channel;
    }

    Throwable firstUse() {
        return firstUse;
    }

    long firstUseMillis() {
        return firstUseMillis;
    }

    ThreadInfo thread() {
        return thread;
    }

    /** Used by more than one connection: a pooled buffer. */
    boolean isShared() {
        return shared;
    }

    boolean isChecked() {
        return checked;
    }

    void markChecked() {
        checked = true;
    }
}
