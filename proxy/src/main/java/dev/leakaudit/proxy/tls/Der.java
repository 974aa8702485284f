package dev.leakaudit.proxy.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The few DER (ASN.1) pieces that key files need: reading a structure's elements and writing
 * sequences, so that PKCS#1 RSA and SEC1 EC keys can be wrapped into the PKCS#8 form the JDK's
 * {@code KeyFactory} reads. Not a general ASN.1 library: definite lengths only, as DER requires.
 */
public final class Der {

    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int NULL = 0x05;
    public static final int OID = 0x06;
    public static final int SEQUENCE = 0x30;
    public static final int SET = 0x31;

    private Der() {
    }

    /** One element: its tag, and its content bytes. */
    public record Element(int tag, byte[] content) {

        /** The elements inside a constructed element (a SEQUENCE, a SET or an explicit tag). */
        public List<Element> children() {
            return readAll(content);
        }

        /** The dotted form of an OBJECT IDENTIFIER. */
        public String oid() {
            if (tag != OID || content.length == 0) {
                throw new IllegalArgumentException("not an object identifier");
            }
            StringBuilder s = new StringBuilder();
            long value = 0;
            boolean first = true;
            for (byte b : content) {
                value = (value << 7) | (b & 0x7f);
                if (value > Long.MAX_VALUE >> 8) {
                    throw new IllegalArgumentException("object identifier too long");
                }
                if ((b & 0x80) == 0) {
                    if (first) {
                        long top = Math.min(value / 40, 2);
                        s.append(top).append('.').append(value - top * 40);
                        first = false;
                    } else {
                        s.append('.').append(value);
                    }
                    value = 0;
                }
            }
            return s.toString();
        }

        public BigInteger integer() {
            if (tag != INTEGER || content.length == 0) {
                throw new IllegalArgumentException("not an integer");
            }
            return new BigInteger(content);
        }
    }

    /** Every element in {@code data}, which must hold nothing else. */
    public static List<Element> readAll(byte[] data) {
        List<Element> out = new ArrayList<>();
        int[] at = {0};
        while (at[0] < data.length) {
            out.add(read(data, at));
        }
        return out;
    }

    /** The single element {@code data} holds. */
    public static Element readOne(byte[] data) {
        int[] at = {0};
        Element e = read(data, at);
        if (at[0] != data.length) {
            throw new IllegalArgumentException("trailing bytes after the DER structure");
        }
        return e;
    }

    private static Element read(byte[] data, int[] at) {
        int i = at[0];
        if (i + 2 > data.length) {
            throw new IllegalArgumentException("truncated DER structure");
        }
        int tag = data[i++] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("multi-byte DER tags are not supported");
        }
        int first = data[i++] & 0xff;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int bytes = first & 0x7f;
            if (bytes == 0 || bytes > 3 || i + bytes > data.length) {
                throw new IllegalArgumentException("bad DER length");
            }
            length = 0;
            for (int k = 0; k < bytes; k++) {
                length = (length << 8) | (data[i++] & 0xff);
            }
        }
        if (length > data.length - i) {
            throw new IllegalArgumentException("truncated DER structure");
        }
        byte[] content = java.util.Arrays.copyOfRange(data, i, i + length);
        at[0] = i + length;
        return new Element(tag, content);
    }

    // ------------------------------------------------------------------ writing

    /** An element with {@code tag} around {@code content}. */
    public static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    public static byte[] sequence(byte[]... parts) {
        return element(SEQUENCE, concat(parts));
    }

    public static byte[] set(byte[]... parts) {
        return element(SET, concat(parts));
    }

    public static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    public static byte[] octetString(byte[] content) {
        return element(OCTET_STRING, content);
    }

    public static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    public static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            writeBase128(out, Long.parseLong(parts[i]));
        }
        return element(OID, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int b = (int) ((value >>> (7 * g)) & 0x7f);
            out.write(g == 0 ? b : b | 0x80);
        }
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
