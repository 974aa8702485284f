package dev.leakaudit.proxy.engine.lifecycle;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Maps an I/O failure to exactly one {@link TerminationReason} (seed pattern 4). The JDK reports
 * errno values only through exception types and messages, so both are consulted.
 */
public final class ErrorReasons {

    private ErrorReasons() {
    }

    public static TerminationReason map(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            TerminationReason r = mapOne(t);
            if (r != null) {
                return r;
            }
        }
        return TerminationReason.ERROR;
    }

    private static TerminationReason mapOne(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("connection reset") || m.contains("broken pipe")) {
            return TerminationReason.ECONNRESET;
        }
        if (m.contains("connection refused")) {
            return TerminationReason.CONNECTION_REFUSED;
        }
        if (m.contains("timed out") || t instanceof SocketTimeoutException) {
            return TerminationReason.ETIMEDOUT;
        }
        if (m.contains("network is unreachable") || m.contains("network unreachable")) {
            return TerminationReason.NETWORK_UNREACHABLE;
        }
        if (m.contains("no route to host") || m.contains("host is unreachable")
                || m.contains("host unreachable") || t instanceof NoRouteToHostException) {
            return TerminationReason.HOST_UNREACHABLE;
        }
        if (t instanceof UnknownHostException) {
            return TerminationReason.HOST_UNREACHABLE;
        }
        if (t instanceof ConnectException) {
            return TerminationReason.CONNECTION_REFUSED;
        }
        if (t instanceof javax.net.ssl.SSLException) {
            return TerminationReason.TLS_ERROR;
        }
        return null;
    }
}
