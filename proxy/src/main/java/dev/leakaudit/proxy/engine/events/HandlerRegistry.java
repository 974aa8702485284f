package dev.leakaudit.proxy.engine.events;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place where the proxy registers and unregisters handlers (server listeners and
 * per-connection data handlers). Membership is by identity, so the leak auditor can pair every
 * {@link #add} with its {@link #remove} by the handler object itself.
 *
 * <p>Thread-safe; iteration works on a snapshot (copy on write), so a handler may remove itself
 * or another while being called.
 */
public final class HandlerRegistry<T> {

    private static final Object[] EMPTY = new Object[0];

    private volatile Object[] handlers = EMPTY;

    /** Adds {@code handler}; returns false if this very object is already registered. */
    public synchronized boolean add(T handler) {
        if (handler == null) {
            throw new NullPointerException("handler");
        }
        Object[] current = handlers;
        for (Object h : current) {
            if (h == handler) {
                return false;
            }
        }
        Object[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = handler;
        handlers = next;
        return true;
    }

    /** Removes this very object; returns false if it was not registered. */
    public synchronized boolean remove(T handler) {
        Object[] current = handlers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == handler) {
                Object[] next = new Object[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                handlers = next.length == 0 ? EMPTY : next;
                return true;
            }
        }
        return false;
    }

    /** Removes every handler; returns how many were registered. */
    public synchronized int removeAll() {
        int n = handlers.length;
        handlers = EMPTY;
        return n;
    }

    public int size() {
        return handlers.length;
    }

    public boolean isEmpty() {
        return handlers.length == 0;
    }

    /** A snapshot of the registered handlers, in registration order. */
    @SuppressWarnings("unchecked")
    public List<T> snapshot() {
        return (List<T>) List.of(handlers);
    }

    /** Calls {@code action} for each handler of the current snapshot. */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super T> action) {
        for (Object h : handlers) {
            action.accept((T) h);
        }
    }
}
