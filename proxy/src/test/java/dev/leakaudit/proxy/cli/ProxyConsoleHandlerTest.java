package dev.leakaudit.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** The command line's cheaper formatter writes exactly the lines SimpleFormatter wrote with the same format. */
class ProxyConsoleHandlerTest {

    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    @Test
    void linesAreThoseOfSimpleFormatterWithTheProxysFormat() {
        String before = System.getProperty(FORMAT_PROPERTY);
        System.setProperty(FORMAT_PROPERTY, "%1$tF %1$tT.%1$tL %4$s %5$s%6$s%n");
        try {
            SimpleFormatter reference = new SimpleFormatter();
            ProxyConsoleHandler.LineFormatter ours = new ProxyConsoleHandler.LineFormatter();
            LogRecord plain = new LogRecord(Level.INFO, "connection 7 closed: client=127.0.0.1:5 reason=normal");
            plain.setInstant(Instant.parse("2026-01-31T23:59:58.007Z"));
            LogRecord withParams = new LogRecord(Level.WARNING, "accept on port {0} failed {1} time(s)");
            withParams.setParameters(new Object[] {"8080", 3});
            withParams.setInstant(Instant.parse("2026-02-01T00:00:00.120Z"));
            LogRecord withTrace = new LogRecord(Level.SEVERE, "event loop died");
            withTrace.setThrown(new IllegalStateException("boom"));
            for (LogRecord r : new LogRecord[] {plain, withParams, withTrace}) {
                assertEquals(reference.format(r), ours.format(r));
            }
        } finally {
            if (before == null) {
                System.clearProperty(FORMAT_PROPERTY);
            } else {
                System.setProperty(FORMAT_PROPERTY, before);
            }
        }
    }
}
