package dev.leakaudit.proxy.tls;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Says which TLS alert ended a handshake, for the connection's log line: the one the peer sent
 * (the JDK's "Received fatal alert: NAME"), or the one the proxy sent, read from the bytes the
 * engine produced when they are still in the clear, or from the message of JDKs that name it
 * ("(NAME) ..."). When neither tells, the JDK's message stands alone.
 */
public final class TlsAlerts {

    private static final Pattern RECEIVED = Pattern.compile("Received fatal alert: ([a-z_]+)");
    private static final Pattern NAMED = Pattern.compile("^\\(([a-z_]+)\\)");
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "close_notify"), Map.entry(10, "unexpected_message"), Map.entry(20, "bad_record_mac"),
            Map.entry(22, "record_overflow"), Map.entry(40, "handshake_failure"), Map.entry(42, "bad_certificate"),
            Map.entry(43, "unsupported_certificate"), Map.entry(44, "certificate_revoked"),
            Map.entry(45, "certificate_expired"), Map.entry(46, "certificate_unknown"),
            Map.entry(47, "illegal_parameter"), Map.entry(48, "unknown_ca"), Map.entry(49, "access_denied"),
            Map.entry(50, "decode_error"), Map.entry(51, "decrypt_error"), Map.entry(70, "protocol_version"),
            Map.entry(71, "insufficient_security"), Map.entry(80, "internal_error"),
            Map.entry(86, "inappropriate_fallback"), Map.entry(90, "user_canceled"),
            Map.entry(109, "missing_extension"), Map.entry(110, "unsupported_extension"),
            Map.entry(112, "unrecognized_name"), Map.entry(113, "bad_certificate_status_response"),
            Map.entry(115, "unknown_psk_identity"), Map.entry(116, "certificate_required"),
            Map.entry(120, "no_application_protocol"));

    private TlsAlerts() {
    }

    /**
     * One line about a failed handshake.
     *
     * @param failure  what the engine threw
     * @param produced what the engine produced after it (the alert it sends), in read mode; may be empty
     */
    public static String describe(SSLException failure, ByteBuffer produced) {
        String message = oneLine(failure.getMessage());
        Matcher received = RECEIVED.matcher(message);
        if (received.find()) {
            return "received alert " + received.group(1);
        }
        String sent = alertIn(produced);
        if (sent == null) {
            Matcher named = NAMED.matcher(message);
            sent = named.find() ? named.group(1) : null;
        }
        return sent == null ? message : "sent alert " + sent + ": " + message;
    }

    /** The description of the first alert record in the clear among {@code records}, or null. */
    static String alertIn(ByteBuffer records) {
        if (records == null) {
            return null;
        }
        int at = records.position();
        while (at + 5 <= records.limit()) {
            int type = records.get(at) & 0xff;
            int length = ((records.get(at + 3) & 0xff) << 8) | (records.get(at + 4) & 0xff);
            if (type == 21 && length == 2 && at + 7 <= records.limit()) {
                int description = records.get(at + 6) & 0xff;
                return NAMES.getOrDefault(description, "alert_" + description);
            }
            at += 5 + length;
        }
        return null;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
