package dev.leakaudit.proxy.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible hostile ClientHellos: random bytes, truncated and oversized records, huge or
 * malformed SNI, thousands of extensions, tiny records, bit flips, and some well-formed ones. The
 * same seed gives the same sequence on every JVM. Used by the fuzz tests and scripts/bench/proxy-fuzz.sh.
 */
public final class HostileHellos {

    public static final int KINDS = 9;

    private final SplittableRandom random;

    public HostileHellos(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next hostile input; {@code kind} in 0..KINDS-1 picks the family. */
    public byte[] next() {
        int kind = random.nextInt(KINDS);
        return switch (kind) {
            case 0 -> randomBytes(random.nextInt(2000));
            case 1 -> truncate(valid(name()));
            case 2 -> oversizedLengths(valid(name()));
            case 3 -> hugeOrMalformedSni();
            case 4 -> manyExtensions();
            case 5 -> flip(valid(name()));
            case 6 -> frame(handshake(body(sniExtension(0, name()))), 1 + random.nextInt(80));
            case 7 -> tlsLookingNoise();
            default -> valid(name());
        };
    }

    /** A well-formed hello with this SNI, in one record. */
    public static byte[] valid(String sni) {
        return frame(handshake(body(sniExtension(0, sni))), 16384);
    }

    private String name() {
        int labels = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels; i++) {
            int len = 1 + random.nextInt(12);
            for (int j = 0; j < len; j++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            sb.append('.');
        }
        return sb.append("example.com").toString();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private byte[] tlsLookingNoise() {
        byte[] b = randomBytes(5 + random.nextInt(3000));
        b[0] = 0x16;
        b[1] = 3;
        b[2] = (byte) random.nextInt(5);
        return b;
    }

    private byte[] truncate(byte[] hello) {
        return java.util.Arrays.copyOf(hello, random.nextInt(hello.length));
    }

    private byte[] oversizedLengths(byte[] hello) {
        byte[] b = hello.clone();
        switch (random.nextInt(3)) {
            case 0 -> { b[3] = (byte) 0xff; b[4] = (byte) 0xff; }              // record length 65535
            case 1 -> { b[6] = (byte) 0xff; b[7] = (byte) random.nextInt(256); } // handshake length huge
            default -> { b[3] = (byte) 0x40; b[4] = 1; }                         // just over 16 KiB
        }
        return b;
    }

    private byte[] hugeOrMalformedSni() {
        String sni;
        switch (random.nextInt(4)) {
            case 0 -> sni = "a".repeat(256 + random.nextInt(4000));
            case 1 -> sni = "bad name\u0000.example.com";
            case 2 -> sni = "";
            default -> sni = "x".repeat(255);
        }
        int type = random.nextInt(4) == 0 ? 7 : 0;
        return frame(handshake(body(sniExtension(type, sni))), 16384);
    }

    private byte[] manyExtensions() {
        int count = 1000 + random.nextInt(3000);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        boolean duplicates = random.nextBoolean();
        for (int i = 0; i < count; i++) {
            int type = duplicates ? 1000 + random.nextInt(50) : 1000 + i;
            ext.write(type >> 8);
            ext.write(type);
            ext.write(0);
            ext.write(0);
        }
        ext.writeBytes(sniExtension(0, name()));
        return frame(handshake(bodyWithExtensions(ext.toByteArray())), 16384);
    }

    private byte[] flip(byte[] hello) {
        byte[] b = hello.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(b.length);
            b[at] = (byte) (b[at] ^ (1 << random.nextInt(8)));
        }
        return b;
    }

    // ---- building blocks (RFC 8446 4.1.2, RFC 6066 3)

    private static byte[] body(byte[] sniExtension) {
        return bodyWithExtensions(sniExtension);
    }

    private static byte[] bodyWithExtensions(byte[] extensions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(3);
        out.write(3);
        out.writeBytes(new byte[32]);
        out.write(0);
        out.writeBytes(new byte[] {0, 2, 0x13, 0x01});
        out.writeBytes(new byte[] {1, 0});
        out.write((extensions.length >> 8) & 0xff);
        out.write(extensions.length & 0xff);
        out.writeBytes(extensions);
        return out.toByteArray();
    }

    private static byte[] sniExtension(int nameType, String name) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        int entry = 3 + n.length;
        int list = entry;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0); // server_name
        out.write(((list + 2) >> 8) & 0xff);
        out.write((list + 2) & 0xff);
        out.write((list >> 8) & 0xff);
        out.write(list & 0xff);
        out.write(nameType);
        out.write((n.length >> 8) & 0xff);
        out.write(n.length & 0xff);
        out.writeBytes(n);
        return out.toByteArray();
    }

    private static byte[] handshake(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write((body.length >> 16) & 0xff);
        out.write((body.length >> 8) & 0xff);
        out.write(body.length & 0xff);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Frames a handshake message into handshake records of at most {@code chunk} bytes. */
    public static byte[] frame(byte[] handshake, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < handshake.length; off += chunk) {
            int n = Math.min(chunk, handshake.length - off);
            out.write(0x16);
            out.write(3);
            out.write(1);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
            out.write(handshake, off, n);
        }
        return out.toByteArray();
    }
}
