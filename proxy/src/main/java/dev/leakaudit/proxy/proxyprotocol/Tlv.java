package dev.leakaudit.proxy.proxyprotocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** One type-length-value field of a PROXY protocol v2 header. */
public record Tlv(int type, byte[] value) {

    public static final int ALPN = 0x01;
    public static final int AUTHORITY = 0x02;
    public static final int CRC32C = 0x03;
    public static final int NOOP = 0x04;
    public static final int SSL = 0x20;
    public static final int SSL_VERSION = 0x21;
    public static final int SSL_CIPHER = 0x23;
    /** PP2_TYPE_SSL's client field: the client connected over TLS. */
    public static final int CLIENT_SSL = 0x01;

    public Tlv {
        if (type < 0 || type > 0xff || value.length > 0xffff) {
            throw new IllegalArgumentException("not a TLV: type " + type + ", " + value.length + " bytes");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public static Tlv authority(String serverName) {
        return new Tlv(AUTHORITY, serverName.getBytes(StandardCharsets.US_ASCII));
    }

    public static Tlv alpn(String protocol) {
        return new Tlv(ALPN, protocol.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * PP2_TYPE_SSL for a client whose TLS the proxy terminated: client = PP2_CLIENT_SSL, verify = 0
     * (no client certificate was asked for, as HAProxy reports it), then the version and cipher.
     */
    public static Tlv ssl(String version, String cipher) {
        byte[] v = sub(SSL_VERSION, version);
        byte[] c = cipher == null ? new byte[0] : sub(SSL_CIPHER, cipher);
        byte[] out = new byte[5 + v.length + c.length];
        out[0] = CLIENT_SSL;
        System.arraycopy(v, 0, out, 5, v.length);
        System.arraycopy(c, 0, out, 5 + v.length, c.length);
        return new Tlv(SSL, out);
    }

    private static byte[] sub(int type, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[3 + bytes.length];
        out[0] = (byte) type;
        out[1] = (byte) (bytes.length >> 8);
        out[2] = (byte) bytes.length;
        System.arraycopy(bytes, 0, out, 3, bytes.length);
        return out;
    }

    /** The value as text (AUTHORITY, ALPN). */
    public String text() {
        return new String(value, StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv t && t.type == type && Arrays.equals(t.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Tlv[0x" + Integer.toHexString(type) + "=" + HexFormat.of().formatHex(value) + "]";
    }
}
