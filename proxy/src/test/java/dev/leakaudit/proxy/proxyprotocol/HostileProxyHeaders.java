package dev.leakaudit.proxy.proxyprotocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Seeded hostile PROXY protocol headers for the fuzz test and scripts/bench/proxy-fuzz.sh: valid
 * v1 and v2 headers (every family, TLVs, checksums) and what breaks them: truncation, bit flips,
 * lengths that lie (short, long, huge), undefined versions, commands and families, TLVs that
 * overrun, wrong checksums, overlong and unterminated v1 lines, random bytes. The same seed gives
 * the same inputs.
 */
public final class HostileProxyHeaders {

    private final SplittableRandom random;
    private final long seed;
    private int count;

    public HostileProxyHeaders(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public byte[] next() {
        count++;
        byte[] base = random.nextInt(3) == 0 ? validV1() : validV2();
        return switch (random.nextInt(12)) {
            case 0, 1 -> base;
            case 2 -> Arrays.copyOf(base, random.nextInt(base.length + 1));
            case 3 -> flipBits(base);
            case 4 -> lieAboutLength(base);
            case 5 -> setByte(base, 12, random.nextInt(256)); // version and command
            case 6 -> setByte(base, 13, random.nextInt(256)); // family and transport
            case 7 -> withTrailingJunk(base);
            case 8 -> overlongV1();
            case 9 -> randomBytes();
            case 10 -> withBadTlv();
            default -> withChecksum(random.nextBoolean());
        };
    }

    private byte[] validV1() {
        return switch (random.nextInt(4)) {
            case 0 -> ("PROXY TCP4 " + ip4() + " " + ip4() + " " + port() + " " + port() + "\r\n").getBytes(StandardCharsets.US_ASCII);
            case 1 -> ("PROXY TCP6 " + ip6() + " " + ip6() + " " + port() + " " + port() + "\r\n").getBytes(StandardCharsets.US_ASCII);
            case 2 -> "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
            default -> ("PROXY " + (random.nextBoolean() ? "TCP4 " : "TCP6 ") + token() + " " + token() + " " + token()
                    + " " + token() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        };
    }

    private byte[] validV2() {
        List<Tlv> tlvs = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            tlvs.add(switch (random.nextInt(4)) {
                case 0 -> Tlv.authority("host" + random.nextInt(1000) + ".example.com");
                case 1 -> Tlv.alpn(random.nextBoolean() ? "h2" : "http/1.1");
                case 2 -> Tlv.ssl("TLSv1." + (2 + random.nextInt(2)), "TLS_AES_128_GCM_SHA256");
                default -> new Tlv(0xe0 + random.nextInt(16), bytes(random.nextInt(40)));
            });
        }
        try {
            byte[] header = ProxyHeaderWriter.v2(socket(), socket(), tlvs);
            if (random.nextInt(5) == 0) {
                header[12] = 0x20; // LOCAL
            }
            return header;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] withChecksum(boolean right) {
        byte[] base = validV2();
        byte[] out = Arrays.copyOf(base, base.length + 7);
        out[base.length] = Tlv.CRC32C;
        out[base.length + 2] = 4;
        int length = ((out[14] & 0xff) << 8 | (out[15] & 0xff)) + 7;
        out[14] = (byte) (length >> 8);
        out[15] = (byte) length;
        CRC32C crc = new CRC32C();
        crc.update(out);
        long v = crc.getValue() ^ (right ? 0 : 1 + random.nextInt(255));
        for (int i = 0; i < 4; i++) {
            out[base.length + 3 + i] = (byte) (v >> (24 - 8 * i));
        }
        return out;
    }

    private byte[] withBadTlv() {
        byte[] base = validV2();
        byte[] tlv = {(byte) (random.nextBoolean() ? Tlv.SSL : 0x05), (byte) random.nextInt(256), (byte) random.nextInt(256),
                (byte) random.nextInt(256)};
        byte[] out = Arrays.copyOf(base, base.length + tlv.length);
        System.arraycopy(tlv, 0, out, base.length, tlv.length);
        int length = ((out[14] & 0xff) << 8 | (out[15] & 0xff)) + tlv.length;
        out[14] = (byte) (length >> 8);
        out[15] = (byte) length;
        return out;
    }

    private byte[] lieAboutLength(byte[] base) {
        if (base.length < 16 || base[0] != 0x0D) {
            return Arrays.copyOf(base, Math.max(0, base.length - 2));
        }
        byte[] out = base.clone();
        int length = switch (random.nextInt(3)) {
            case 0 -> random.nextInt(16);
            case 1 -> 0xffff;
            default -> ((out[14] & 0xff) << 8 | (out[15] & 0xff)) + 1 + random.nextInt(64);
        };
        out[14] = (byte) (length >> 8);
        out[15] = (byte) length;
        return out;
    }

    private byte[] flipBits(byte[] base) {
        byte[] out = base.clone();
        for (int i = 1 + random.nextInt(4); i > 0 && out.length > 0; i--) {
            out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private static byte[] setByte(byte[] base, int at, int value) {
        byte[] out = base.clone();
        if (at < out.length) {
            out[at] = (byte) value;
        }
        return out;
    }

    private byte[] withTrailingJunk(byte[] base) {
        byte[] junk = bytes(1 + random.nextInt(64));
        byte[] out = Arrays.copyOf(base, base.length + junk.length);
        System.arraycopy(junk, 0, out, base.length, junk.length);
        return out;
    }

    private byte[] overlongV1() {
        StringBuilder line = new StringBuilder("PROXY UNKNOWN ");
        line.append("a".repeat(80 + random.nextInt(100)));
        if (random.nextBoolean()) {
            line.append("\r\n");
        }
        return line.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] randomBytes() {
        byte[] out = bytes(1 + random.nextInt(200));
        if (random.nextBoolean() && out.length > 12) {
            System.arraycopy(ProxyHeaderParser.V2_SIGNATURE, 0, out, 0, 12);
        }
        return out;
    }

    private byte[] bytes(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    private InetAddress address() throws UnknownHostException {
        return InetAddress.getByAddress(bytes(random.nextBoolean() ? 4 : 16));
    }

    private String ip4() {
        return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    private String ip6() {
        return Integer.toHexString(0x2001) + ":db8::" + Integer.toHexString(random.nextInt(0x10000));
    }

    private String port() {
        return String.valueOf(random.nextInt(65536));
    }

    private String token() {
        String[] odd = {"", "0", "00", "65536", "-1", "1.2.3", "::", "1.2.3.4.5", "a", "999.1.1.1", "1:2"};
        return random.nextBoolean() ? odd[random.nextInt(odd.length)] : ip4();
    }

    private int portNumber() {
        return random.nextInt(65536);
    }

    private InetSocketAddress socket() throws UnknownHostException {
        return new InetSocketAddress(address(), portNumber());
    }

    @Override
    public String toString() {
        return "HostileProxyHeaders(seed " + seed + ", input " + count + ")";
    }
}
