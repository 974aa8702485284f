package dev.leakaudit.proxy.proxyprotocol;

import dev.leakaudit.proxy.net.IpAddresses;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The PROXY protocol header the proxy sends a backend first: v1 (text) or v2 (binary, with TLVs). */
public final class ProxyHeaderWriter {

    private ProxyHeaderWriter() {
    }

    /** {@code PROXY TCP4|TCP6 src dst sport dport\r\n}, or {@code PROXY UNKNOWN\r\n} when the families differ. */
    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        InetAddress src = source == null ? null : IpAddresses.normalise(source.getAddress());
        InetAddress dst = destination == null ? null : IpAddresses.normalise(destination.getAddress());
        String line;
        if (src instanceof Inet4Address && dst instanceof Inet4Address) {
            line = "PROXY TCP4 " + src.getHostAddress() + " " + dst.getHostAddress() + " " + source.getPort()
                    + " " + destination.getPort() + "\r\n";
        } else if (src instanceof Inet6Address && dst instanceof Inet6Address) {
            line = "PROXY TCP6 " + withoutScope(src) + " " + withoutScope(dst) + " " + source.getPort() + " "
                    + destination.getPort() + "\r\n";
        } else {
            line = "PROXY UNKNOWN\r\n";
        }
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A v2 PROXY header for TCP from {@code source} to {@code destination} with {@code tlvs}; an
     * IPv4 address beside an IPv6 one is written in its IPv4-mapped IPv6 form.
     */
    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination, List<Tlv> tlvs) {
        InetAddress src = IpAddresses.normalise(source.getAddress());
        InetAddress dst = IpAddresses.normalise(destination.getAddress());
        boolean four = src instanceof Inet4Address && dst instanceof Inet4Address;
        byte[] srcBytes = four ? src.getAddress() : sixteen(src);
        byte[] dstBytes = four ? dst.getAddress() : sixteen(dst);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(srcBytes);
        body.writeBytes(dstBytes);
        writeShort(body, source.getPort());
        writeShort(body, destination.getPort());
        for (Tlv t : tlvs) {
            body.write(t.type());
            writeShort(body, t.value().length);
            body.writeBytes(t.value());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + body.size());
        out.writeBytes(ProxyHeaderParser.V2_SIGNATURE);
        out.write(0x21); // version 2, PROXY
        out.write(four ? 0x11 : 0x21); // TCP over IPv4 / IPv6
        writeShort(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] sixteen(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 16) {
            return b;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }

    private static String withoutScope(InetAddress a) {
        String s = a.getHostAddress();
        int pct = s.indexOf('%');
        return pct < 0 ? s : s.substring(0, pct);
    }
}
