package dev.leakaudit.proxy.engine;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "connection N closed: ..." lines, written off the event loops. A loop only queues the facts
 * of a line (no formatting, no lock, no I/O); {@link #flush()}, run by the housekeeping thread every
 * {@link #FLUSH_INTERVAL_MILLIS} and once more at stop, formats and writes them in order. A profile
 * of {@code Connection: close} traffic had the loops spend their time in the logger's caller lookup,
 * its date formatting and the write to stderr, one line per connection. Per-connection detail is
 * also in the JFR events. Bounded: beyond {@link #MAX_PENDING} waiting lines, lines are dropped and
 * counted, and the count gets a line of its own.
 */
final class AccessLog {

    static final long FLUSH_INTERVAL_MILLIS = 50;
    static final int MAX_PENDING = 65_536;

    private static final String SOURCE_CLASS = ConnectionObserver.class.getName();

    private final System.Logger log;
    /** The same logger seen through java.util.logging when that is the backend (no caller lookup). */
    private final java.util.logging.Logger jul;
    private final ConcurrentLinkedQueue<Line> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    AccessLog(System.Logger log) {
        this.log = log;
        this.jul = julBackend() ? java.util.logging.Logger.getLogger(log.getName()) : null;
    }

    private static boolean julBackend() {
        try {
            return System.LoggerFinder.getLoggerFinder().getClass().getName()
                    .equals("sun.util.logging.internal.LoggingProviderImpl");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The facts of one line; formatted on the housekeeping thread. */
    record Line(long id, InetSocketAddress client, String route, String reason, long durationMillis,
                long bytesFromClient, long bytesToClient, String tls, String detail, InetSocketAddress via,
                String more) {

        String text() {
            return "connection " + id + " closed: client=" + client.getAddress().getHostAddress() + ":"
                    + client.getPort() + (via == null ? "" : " via=" + via.getAddress().getHostAddress() + ":" + via.getPort())
                    + " route=" + route + " reason=" + reason + " duration=" + durationMillis
                    + "ms bytesFromClient=" + bytesFromClient + " bytesToClient=" + bytesToClient
                    + (tls == null ? "" : " tls=" + tls) + (detail == null ? "" : " detail=\"" + detail + "\"") + more;
        }
    }

    /** Whether a line would be written at all (nothing is queued otherwise). */
    boolean enabled() {
        return log.isLoggable(Level.INFO);
    }

    /** Any thread: queues a line. */
    void add(Line line) {
        if (size.incrementAndGet() > MAX_PENDING) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        pending.add(line);
    }

    /** Lines queued and not yet written. */
    int pending() {
        return size.get();
    }

    /** Housekeeping thread (or the stopping thread, once the loops have ended): writes what is queued. */
    synchronized void flush() {
        Line line;
        boolean wrote = pending.peek() != null || dropped.get() > 0;
        while ((line = pending.poll()) != null) {
            size.decrementAndGet();
            write(line.text());
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            write(lost + " connection log line(s) dropped: more than " + MAX_PENDING + " were waiting to be written");
        }
        if (wrote) {
            flushHandlers();
        }
    }

    /** A handler may leave connection lines buffered (the command line's does): one flush per batch. */
    private void flushHandlers() {
        if (jul == null) {
            return;
        }
        try {
            for (java.util.logging.Logger l = jul; l != null; l = l.getUseParentHandlers() ? l.getParent() : null) {
                for (java.util.logging.Handler h : l.getHandlers()) {
                    h.flush();
                }
            }
        } catch (RuntimeException e) {
            // a failing handler: its lines are lost either way
        }
    }

    private void write(String text) {
        try {
            if (jul != null) {
                // Naming the source spares the formatter a stack walk per line.
                jul.logp(java.util.logging.Level.INFO, SOURCE_CLASS, "closed", text);
            } else {
                log.log(Level.INFO, text);
            }
        } catch (RuntimeException e) {
            // a failing handler loses this line, not the others
        }
    }
}
