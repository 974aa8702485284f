package dev.leakaudit.proxy.proxyprotocol;

import dev.leakaudit.proxy.net.IpAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Reads a PROXY protocol header (v1 text or v2 binary) from whatever bytes have arrived, one
 * connection's parser fed every read in turn. It takes only the header's own bytes from each
 * buffer (what follows is the client's), keeps no more than the header, decides each byte once,
 * and so gives the same answer however the bytes are split. Broken or hostile input is
 * {@link Status#MALFORMED} with a reason; no exception leaves {@link #offer}.
 *
 * <p>Bounds: a v1 line is at most 107 bytes (the specification's own limit); a v2 header at most
 * {@link #MAX_V2_LENGTH} bytes, addresses and TLVs included. A v2 CRC32C field, when present, must match.
 */
public final class ProxyHeaderParser {

    /** "PROXY UNKNOWN ffff:...:ffff ffff:...:ffff 65535 65535\r\n" is 107 bytes. */
    public static final int MAX_V1_LENGTH = 107;
    /** 16 fixed bytes and what follows them: room for every address family and the usual TLVs. */
    public static final int MAX_V2_LENGTH = 16 * 1024;

    static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    public enum Status {
        /** A header so far; offer the next bytes. */
        NEED_MORE_DATA,
        /** Not a header, or a broken one; see {@link Result#problem()}. */
        MALFORMED,
        /** A complete header, {@link Result#header()}. */
        DONE
    }

    /** The outcome so far; final once it is not NEED_MORE_DATA. */
    public record Result(Status status, ProxyHeader header, String problem) {
        static final Result NEED_MORE = new Result(Status.NEED_MORE_DATA, null, null);

        static Result malformed(String problem) {
            return new Result(Status.MALFORMED, null, Objects.requireNonNull(problem));
        }

        static Result done(ProxyHeader header) {
            return new Result(Status.DONE, header, null);
        }
    }

    private byte[] kept = new byte[32];
    private int have;
    /** v1 or v2 once the first byte says which; 0 before. */
    private int version;
    /** Total v2 length once its fixed part is in; -1 before. */
    private int v2Length = -1;
    private Result result = Result.NEED_MORE;

    /** Parses {@code data} (read mode) up to the end of the header; consumes the header's bytes only. */
    public static Result parse(ByteBuffer data) {
        return new ProxyHeaderParser().offer(data);
    }

    /** Offers the bytes that just arrived; takes from {@code data} only what belongs to the header. */
    public Result offer(ByteBuffer data) {
        while (result.status() == Status.NEED_MORE_DATA && data.hasRemaining()) {
            if (version == 2 && v2Length > 0) {
                // The fixed part is in: the rest is copied in one go, up to the declared length.
                int n = Math.min(data.remaining(), v2Length - have);
                data.get(kept, have, n);
                have += n;
                if (have == v2Length) {
                    result = parseV2();
                }
                continue;
            }
            byte b = data.get();
            keep(b);
            result = afterByte(b);
        }
        return result;
    }

    /** Some bytes of a header have arrived. */
    public boolean started() {
        return have > 0;
    }

    private void keep(byte b) {
        if (have == kept.length) {
            kept = Arrays.copyOf(kept, kept.length * 2);
        }
        kept[have++] = b;
    }

    private Result afterByte(byte b) {
        if (have == 1) {
            version = b == V1_PREFIX[0] ? 1 : b == V2_SIGNATURE[0] ? 2 : 0;
            if (version == 0) {
                return Result.malformed("not a PROXY protocol header");
            }
        }
        if (version == 1) {
            return afterV1Byte(b);
        }
        if (have <= V2_SIGNATURE.length) {
            return b == V2_SIGNATURE[have - 1] ? Result.NEED_MORE : Result.malformed("not a PROXY protocol v2 signature");
        }
        if (have == 16) {
            return fixedV2Part();
        }
        return Result.NEED_MORE;
    }

    private Result afterV1Byte(byte b) {
        if (have <= V1_PREFIX.length) {
            return b == V1_PREFIX[have - 1] ? Result.NEED_MORE : Result.malformed("not a PROXY protocol v1 line");
        }
        if (b == '\n') {
            if (kept[have - 2] != '\r') {
                return Result.malformed("v1 line ends without CRLF");
            }
            return parseV1(new String(kept, 0, have - 2, StandardCharsets.US_ASCII));
        }
        if (have >= MAX_V1_LENGTH) {
            return Result.malformed("v1 line longer than " + MAX_V1_LENGTH + " bytes");
        }
        if ((b < 0x20 || b > 0x7e) && b != '\r') {
            return Result.malformed("v1 line holds a byte that is not printable ASCII");
        }
        return Result.NEED_MORE;
    }

    // ------------------------------------------------------------------ v1

    private Result parseV1(String line) {
        String[] parts = line.split(" ", -1);
        String family = parts.length > 1 ? parts[1] : "";
        if (family.equals("UNKNOWN")) {
            return Result.done(new ProxyHeader(1, null, null, List.of(), have));
        }
        if (!family.equals("TCP4") && !family.equals("TCP6")) {
            return Result.malformed("v1 protocol \"" + clip(family) + "\" is not TCP4, TCP6 or UNKNOWN");
        }
        if (parts.length != 6) {
            return Result.malformed("v1 line has " + parts.length + " fields, not 6");
        }
        InetAddress src = v1Address(parts[2], family);
        InetAddress dst = v1Address(parts[3], family);
        int sport = v1Port(parts[4]);
        int dport = v1Port(parts[5]);
        if (src == null || dst == null) {
            return Result.malformed("v1 address is not an " + (family.equals("TCP4") ? "IPv4" : "IPv6") + " literal");
        }
        if (sport < 0 || dport < 0) {
            return Result.malformed("v1 port is not a number from 0 to 65535");
        }
        return Result.done(new ProxyHeader(1, new InetSocketAddress(src, sport), new InetSocketAddress(dst, dport),
                List.of(), have));
    }

    private static InetAddress v1Address(String text, String family) {
        boolean six = family.equals("TCP6");
        if (six != (text.indexOf(':') >= 0)) {
            return null;
        }
        return IpAddresses.parseLiteral(text).orElse(null);
    }

    /** Decimal 0..65535 without leading zeros; -1 otherwise. */
    private static int v1Port(String text) {
        if (text.isEmpty() || text.length() > 5 || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 65535 ? value : -1;
    }

    // ------------------------------------------------------------------ v2

    private Result fixedV2Part() {
        int versionAndCommand = kept[12] & 0xff;
        if (versionAndCommand >> 4 != 2) {
            return Result.malformed("v2 version " + (versionAndCommand >> 4) + " is not 2");
        }
        if ((versionAndCommand & 0x0f) > 1) {
            return Result.malformed("v2 command " + (versionAndCommand & 0x0f) + " is neither LOCAL nor PROXY");
        }
        int family = kept[13] & 0xff;
        if (family >> 4 > 3 || (family & 0x0f) > 2) {
            return Result.malformed("v2 address family and protocol 0x" + Integer.toHexString(family) + " are not defined");
        }
        int length = ((kept[14] & 0xff) << 8) | (kept[15] & 0xff);
        if (16 + length > MAX_V2_LENGTH) {
            return Result.malformed("v2 header of " + (16 + length) + " bytes is longer than " + MAX_V2_LENGTH);
        }
        if (length < addressLength(family >> 4)) {
            return Result.malformed("v2 length " + length + " is too short for its addresses");
        }
        if (length == 0) {
            return parseV2();
        }
        v2Length = 16 + length;
        if (kept.length < v2Length) {
            kept = Arrays.copyOf(kept, v2Length);
        }
        return Result.NEED_MORE;
    }

    private static int addressLength(int addressFamily) {
        return switch (addressFamily) {
            case 1 -> 12;
            case 2 -> 36;
            case 3 -> 216;
            default -> 0;
        };
    }

    private Result parseV2() {
        boolean local = (kept[12] & 0x0f) == 0;
        int addressFamily = (kept[13] & 0xff) >> 4;
        int transport = kept[13] & 0x0f;
        int end = have;
        int at = 16 + addressLength(addressFamily);
        List<Tlv> tlvs = new ArrayList<>();
        while (at < end) {
            if (end - at < 3) {
                return Result.malformed("v2 TLV header cut short");
            }
            int type = kept[at] & 0xff;
            int length = ((kept[at + 1] & 0xff) << 8) | (kept[at + 2] & 0xff);
            if (length > end - at - 3) {
                return Result.malformed("v2 TLV 0x" + Integer.toHexString(type) + " runs past the header");
            }
            byte[] value = Arrays.copyOfRange(kept, at + 3, at + 3 + length);
            String problem = checkTlv(type, value, at + 3);
            if (problem != null) {
                return Result.malformed(problem);
            }
            if (type != Tlv.NOOP) {
                tlvs.add(new Tlv(type, value));
            }
            at += 3 + length;
        }
        if (local || (addressFamily != 1 && addressFamily != 2)) {
            // LOCAL: the upstream speaks for itself (a health check); UNSPEC or UNIX: no IP address.
            return Result.done(new ProxyHeader(2, null, null, tlvs, have));
        }
        if (transport != 1) {
            return Result.malformed("v2 transport " + transport + " is not a stream (TCP)");
        }
        int size = addressFamily == 1 ? 4 : 16;
        try {
            InetAddress src = IpAddresses.normalise(InetAddress.getByAddress(Arrays.copyOfRange(kept, 16, 16 + size)));
            InetAddress dst = IpAddresses.normalise(InetAddress.getByAddress(Arrays.copyOfRange(kept, 16 + size, 16 + 2 * size)));
            int ports = 16 + 2 * size;
            int sport = ((kept[ports] & 0xff) << 8) | (kept[ports + 1] & 0xff);
            int dport = ((kept[ports + 2] & 0xff) << 8) | (kept[ports + 3] & 0xff);
            return Result.done(new ProxyHeader(2, new InetSocketAddress(src, sport), new InetSocketAddress(dst, dport),
                    tlvs, have));
        } catch (UnknownHostException e) {
            return Result.malformed("v2 address cannot be read");
        }
    }

    /** A TLV whose content has a structure of its own: the checksum must match, SSL's sub-TLVs must fit. */
    private String checkTlv(int type, byte[] value, int valueAt) {
        if (type == Tlv.CRC32C) {
            if (value.length != 4) {
                return "v2 CRC32C TLV is " + value.length + " bytes, not 4";
            }
            byte[] zeroed = Arrays.copyOf(kept, have);
            Arrays.fill(zeroed, valueAt, valueAt + 4, (byte) 0);
            CRC32C crc = new CRC32C();
            crc.update(zeroed, 0, have);
            long expected = ((value[0] & 0xffL) << 24) | ((value[1] & 0xffL) << 16) | ((value[2] & 0xffL) << 8) | (value[3] & 0xffL);
            return crc.getValue() == expected ? null : "v2 CRC32C does not match the header";
        }
        if (type == Tlv.SSL) {
            if (value.length < 5) {
                return "v2 SSL TLV is shorter than its client and verify fields";
            }
            int at = 5;
            while (at < value.length) {
                if (value.length - at < 3) {
                    return "v2 SSL sub-TLV header cut short";
                }
                int length = ((value[at + 1] & 0xff) << 8) | (value[at + 2] & 0xff);
                if (length > value.length - at - 3) {
                    return "v2 SSL sub-TLV runs past its TLV";
                }
                at += 3 + length;
            }
        }
        return null;
    }

    private static String clip(String s) {
        return s.length() <= 16 ? s : s.substring(0, 16) + "...";
    }
}
