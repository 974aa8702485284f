package dev.leakaudit.proxy.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the server name (SNI) in a TLS ClientHello, from whatever bytes have arrived so far.
 *
 * <p>The engine feeds every read to one {@link Incremental} per connection, which looks at each
 * byte once and keeps only the hello's own bytes. It copes with a hello split across reads at any
 * byte and across several TLS records, and answers {@link Status#NEED_MORE_DATA} until it can
 * decide; {@link #parse} does the same for bytes that are all there. Hostile or broken input
 * gives {@link Status#MALFORMED} with a reason; no exception leaves {@link #parse}.
 */
public final class ClientHelloParser {

    /** Content type (1), version (2), length (2). */
    public static final int RECORD_HEADER_LENGTH = 5;

    /** Largest ClientHello body accepted; real ones are a few hundred bytes, post-quantum ones ~2 KiB. */
    public static final int MAX_HELLO_LENGTH = 16 * 1024;

    /** Most TLS records the hello may be spread over; stops a client trickling 1-byte records. */
    public static final int MAX_RECORDS = 64;

    /**
     * The most bytes the engine ever needs to buffer before {@link #parse} gives a final answer; with
     * more than this it has already answered MALFORMED.
     */
    public static final int MAX_BYTES_TO_DECIDE = MAX_RECORDS * RECORD_HEADER_LENGTH + 4 + MAX_HELLO_LENGTH;

    private static final int CONTENT_TYPE_HANDSHAKE = 0x16;
    private static final int HANDSHAKE_TYPE_CLIENT_HELLO = 1;
    private static final int EXTENSION_SERVER_NAME = 0;
    private static final int NAME_TYPE_HOST_NAME = 0;
    private static final int MAX_RECORD_LENGTH = 1 << 14; // TLSPlaintext.length limit (RFC 8446 5.1)
    private static final int MAX_HOST_NAME_LENGTH = 255;

    private ClientHelloParser() {
    }

    public enum Status {
        /** Looks like TLS so far; call again when more bytes arrived. */
        NEED_MORE_DATA,
        /** The first bytes are not a TLS handshake record (plain HTTP, SSH, an SSLv2 hello...). */
        NOT_TLS,
        /** TLS framing, but broken or hostile; see {@link Result#reason()}. */
        MALFORMED,
        /** A complete, well-formed ClientHello; {@link Result#sni()} is null when it carries no SNI. */
        FOUND
    }

    /** The outcome of one {@link #parse} call. */
    public static final class Result {
        public static final Result NEED_MORE_DATA = new Result(Status.NEED_MORE_DATA, null, null);
        public static final Result NOT_TLS = new Result(Status.NOT_TLS, null, null);

        private final Status status;
        private final String sni;
        private final String reason;

        private Result(Status status, String sni, String reason) {
            this.status = status;
            this.sni = sni;
            this.reason = reason;
        }

        public static Result malformed(String reason) {
            return new Result(Status.MALFORMED, null, Objects.requireNonNull(reason));
        }

        public static Result found(String sniOrNull) {
            return new Result(Status.FOUND, sniOrNull, null);
        }

        public Status status() {
            return status;
        }

        /** The host name, lower-cased, or null (no SNI in the hello, or not FOUND). */
        public String sni() {
            return sni;
        }

        /** Why the input is MALFORMED, otherwise null. */
        public String reason() {
            return reason;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && status == r.status && Objects.equals(sni, r.sni)
                    && Objects.equals(reason, r.reason);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, sni, reason);
        }

        @Override
        public String toString() {
            return switch (status) {
                case FOUND -> "FOUND(" + sni + ")";
                case MALFORMED -> "MALFORMED(" + reason + ")";
                default -> status.name();
            };
        }
    }

    /**
     * Looks at the bytes between the buffer's position and limit. The buffer is not modified: its
     * position, limit and content stay as they were, so the engine can forward the same bytes later.
     * The same as feeding those bytes, in any split, to a new {@link Incremental}.
     */
    public static Result parse(ByteBuffer accumulatedBytes) {
        if (accumulatedBytes == null) {
            return Result.malformed("no buffer");
        }
        return new Incremental().offer(accumulatedBytes);
    }

    /**
     * Parses a ClientHello as its bytes arrive: each byte is looked at once (a hello trickled one
     * byte at a time costs the same as one read), and memory grows only with the bytes that
     * arrived, never beyond the hello's declared length (at most {@value #MAX_HELLO_LENGTH}).
     * Once it has answered anything but NEED_MORE_DATA it keeps that answer. One connection's,
     * used by one thread.
     */
    public static final class Incremental {
        private Result result = Result.NEED_MORE_DATA;
        private int records;
        private final byte[] recordHeader = new byte[RECORD_HEADER_LENGTH];
        private int recordHeaderFill;
        /** Payload bytes still to come in the current record; 0 while reading a record header. */
        private int recordRemaining;
        private final byte[] handshakeHeader = new byte[4];
        private int handshakeHeaderFill;
        private int helloLength = -1;
        private byte[] body = new byte[0];
        private int bodyFill;
        private long offered;

        /** The answer so far. */
        public Result result() {
            return result;
        }

        /** Bytes offered so far (including any after the hello). */
        public long offered() {
            return offered;
        }

        /** Looks at the new bytes between position and limit; the buffer is not modified. */
        public Result offer(ByteBuffer more) {
            if (result.status() != Status.NEED_MORE_DATA) {
                return result;
            }
            offered += more.remaining();
            try {
                result = consume(more, more.position(), more.limit());
            } catch (Malformed e) {
                result = Result.malformed(e.getMessage());
            } catch (RuntimeException e) {
                // Every bound is checked; this is a last guard so a bug cannot kill an event loop.
                result = Result.malformed("unreadable ClientHello (" + e + ")");
            }
            return result;
        }

        private Result consume(ByteBuffer in, int pos, int end) {
            while (pos < end) {
                if (recordRemaining == 0) {
                    Result decided = recordHeaderByte(in.get(pos++));
                    if (decided != null) {
                        return decided;
                    }
                    continue;
                }
                if (helloLength < 0) {
                    handshakeHeader[handshakeHeaderFill++] = in.get(pos++);
                    recordRemaining--;
                    if (handshakeHeaderFill == 4) {
                        helloLength = readHandshakeHeader(handshakeHeader);
                        if (helloLength == 0) {
                            return parseClientHello(body);
                        }
                    }
                    continue;
                }
                int n = Math.min(Math.min(recordRemaining, helloLength - bodyFill), end - pos);
                if (bodyFill + n > body.length) {
                    // Grow with what arrived (doubling), never beyond the declared length.
                    int size = Math.min(helloLength, Math.max(bodyFill + n, Math.max(64, body.length * 2)));
                    body = java.util.Arrays.copyOf(body, size);
                }
                in.get(pos, body, bodyFill, n);
                pos += n;
                bodyFill += n;
                recordRemaining -= n;
                if (bodyFill == helloLength) {
                    return parseClientHello(body);
                }
            }
            return Result.NEED_MORE_DATA;
        }

        /** One byte of a record header; decides as early as that byte allows. */
        private Result recordHeaderByte(byte b) {
            boolean first = records == 0;
            int i = recordHeaderFill;
            recordHeader[recordHeaderFill++] = b;
            int v = b & 0xff;
            if (i == 0 && v != CONTENT_TYPE_HANDSHAKE) {
                if (first) {
                    return Result.NOT_TLS;
                }
                throw new Malformed("record of type " + v + " before the ClientHello was complete");
            }
            if (i == 1 && v != 3) {
                if (first) {
                    return Result.NOT_TLS;
                }
                throw new Malformed("record with version major " + v);
            }
            if (i == 2 && v > 4) {
                if (first) {
                    return Result.NOT_TLS;
                }
                throw new Malformed("record with version minor " + v);
            }
            if (recordHeaderFill < RECORD_HEADER_LENGTH) {
                return null;
            }
            recordHeaderFill = 0;
            int recordLength = ((recordHeader[3] & 0xff) << 8) | (recordHeader[4] & 0xff);
            if (recordLength == 0) {
                throw new Malformed("empty handshake record");
            }
            if (recordLength > MAX_RECORD_LENGTH) {
                throw new Malformed("record length " + recordLength + " exceeds " + MAX_RECORD_LENGTH);
            }
            if (++records > MAX_RECORDS) {
                throw new Malformed("ClientHello spread over more than " + MAX_RECORDS + " records");
            }
            recordRemaining = recordLength;
            return null;
        }
    }

    private static int readHandshakeHeader(byte[] header) {
        int type = header[0] & 0xff;
        if (type != HANDSHAKE_TYPE_CLIENT_HELLO) {
            throw new Malformed("first handshake message is type " + type + ", not a ClientHello");
        }
        int length = ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        if (length > MAX_HELLO_LENGTH) {
            throw new Malformed("ClientHello of " + length + " bytes exceeds the " + MAX_HELLO_LENGTH + " byte limit");
        }
        return length;
    }

    /** The ClientHello body (RFC 8446 4.1.2): fixed fields, then the extensions we look into. */
    private static Result parseClientHello(byte[] body) {
        Reader r = new Reader(body);
        int legacyVersion = r.u16("legacy_version");
        if (legacyVersion >> 8 != 3) {
            throw new Malformed("ClientHello version " + Integer.toHexString(legacyVersion));
        }
        r.skip(32, "random");
        int sessionIdLength = r.u8("session_id length");
        if (sessionIdLength > 32) {
            throw new Malformed("session_id length " + sessionIdLength + " exceeds 32");
        }
        r.skip(sessionIdLength, "session_id");
        int cipherSuitesLength = r.u16("cipher_suites length");
        if (cipherSuitesLength < 2 || cipherSuitesLength % 2 != 0) {
            throw new Malformed("cipher_suites length " + cipherSuitesLength + " is not a positive even number");
        }
        r.skip(cipherSuitesLength, "cipher_suites");
        int compressionLength = r.u8("compression_methods length");
        if (compressionLength < 1) {
            throw new Malformed("no compression methods");
        }
        r.skip(compressionLength, "compression_methods");
        if (r.remaining() == 0) {
            return Result.found(null); // a hello without extensions (old clients) has no SNI
        }
        int extensionsLength = r.u16("extensions length");
        if (extensionsLength != r.remaining()) {
            throw new Malformed("extensions length " + extensionsLength + " does not match the "
                    + r.remaining() + " bytes left in the ClientHello");
        }
        String sni = null;
        Set<Integer> seen = new HashSet<>();
        while (r.remaining() > 0) {
            int type = r.u16("extension type");
            int length = r.u16("extension length");
            if (length > r.remaining()) {
                throw new Malformed("extension " + type + " is truncated (" + length + " bytes declared, "
                        + r.remaining() + " left)");
            }
            if (!seen.add(type)) {
                throw new Malformed("extension " + type + " appears twice");
            }
            if (type == EXTENSION_SERVER_NAME) {
                sni = parseServerName(new Reader(r.take(length, "server_name")));
            } else {
                r.skip(length, "extension " + type);
            }
        }
        return Result.found(sni);
    }

    /** The server_name extension (RFC 6066 section 3). */
    private static String parseServerName(Reader r) {
        int listLength = r.u16("server_name_list length");
        if (listLength == 0 || listLength != r.remaining()) {
            throw new Malformed("server_name list length " + listLength + " does not match its extension");
        }
        String hostName = null;
        while (r.remaining() > 0) {
            int nameType = r.u8("server_name type");
            int nameLength = r.u16("server_name length");
            byte[] name = r.take(nameLength, "server_name");
            if (nameType != NAME_TYPE_HOST_NAME) {
                continue; // unknown name types are opaque and ignored
            }
            if (hostName != null) {
                throw new Malformed("more than one host_name in server_name");
            }
            hostName = toHostName(name);
        }
        return hostName;
    }

    private static String toHostName(byte[] name) {
        if (name.length == 0 || name.length > MAX_HOST_NAME_LENGTH) {
            throw new Malformed("host_name length " + name.length + " is not in 1.." + MAX_HOST_NAME_LENGTH);
        }
        for (byte b : name) {
            boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '.' || b == '_';
            if (!ok) {
                throw new Malformed("host_name contains byte 0x" + Integer.toHexString(b & 0xff));
            }
        }
        return new String(name, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    }

    /** Bounds-checked big-endian reads over a byte array. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - pos;
        }

        private void require(int n, String what) {
            if (n > remaining()) {
                throw new Malformed("ClientHello truncated in " + what);
            }
        }

        int u8(String what) {
            require(1, what);
            return data[pos++] & 0xff;
        }

        int u16(String what) {
            require(2, what);
            int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        void skip(int n, String what) {
            require(n, what);
            pos += n;
        }

        byte[] take(int n, String what) {
            require(n, what);
            byte[] out = new byte[n];
            System.arraycopy(data, pos, out, 0, n);
            pos += n;
            return out;
        }
    }

    /** Internal signal; always turned into a MALFORMED result by {@link #parse}. */
    private static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
