package dev.leakaudit.proxy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The command line's log handler on stderr, in place of the JDK's ConsoleHandler when the user
 * configured no logging: the same one line per record ({@code 2026-01-31 12:00:00.123 INFO text}),
 * made without {@code String.format} (which dominated the proxy's allocations, one connection line
 * each), and the connection lines flushed once per batch by the engine rather than once each.
 * Every other record is flushed at once, as before.
 */
final class ProxyConsoleHandler extends StreamHandler {

    /** Connection lines come in batches, and the batch ends with a flush of the handlers. */
    private static final String BATCHED_LOGGER = "dev.leakaudit.proxy.engine.connections";

    private ProxyConsoleHandler(Level level, Charset encoding) throws java.io.UnsupportedEncodingException {
        super(System.err, new LineFormatter());
        setLevel(level);
        setEncoding(encoding.name());
    }

    /** Replaces the root logger's ConsoleHandler(s) with this one. */
    static void install() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h.getClass() == ConsoleHandler.class) {
                try {
                    Charset encoding = h.getEncoding() == null ? Charset.defaultCharset() : Charset.forName(h.getEncoding());
                    root.addHandler(new ProxyConsoleHandler(h.getLevel(), encoding));
                    root.removeHandler(h);
                    h.close();
                } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
                    return; // the JDK's handler stays: slower, but the same lines
                }
            }
        }
    }

    @Override
    public synchronized void publish(LogRecord record) {
        super.publish(record);
        if (!(BATCHED_LOGGER.equals(record.getLoggerName()) && record.getLevel().intValue() <= Level.INFO.intValue())) {
            flush();
        }
    }

    /** Closing must not close System.err: flush only, as ConsoleHandler does. */
    @Override
    public synchronized void close() {
        flush();
    }

    /** {@code %1$tF %1$tT.%1$tL %4$s %5$s%6$s%n} of SimpleFormatter, without java.util.Formatter. */
    static final class LineFormatter extends Formatter {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160);
            TIME.formatTo(record.getInstant(), line);
            line.append(' ').append(record.getLevel().getLocalizedName()).append(' ').append(formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                try (PrintWriter pw = new PrintWriter(trace)) {
                    pw.println();
                    record.getThrown().printStackTrace(pw);
                }
                line.append(trace);
            }
            return line.append(System.lineSeparator()).toString();
        }
    }
}
