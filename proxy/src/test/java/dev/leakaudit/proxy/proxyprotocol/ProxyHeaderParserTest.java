package dev.leakaudit.proxy.proxyprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ProxyHeaderParserTest {

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static ProxyHeaderParser.Result parse(byte[] bytes) {
        return ProxyHeaderParser.parse(ByteBuffer.wrap(bytes));
    }

    private static ProxyHeaderParser.Result parse(String text) {
        return parse(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertMalformed(ProxyHeaderParser.Result r, String reason) {
        assertEquals(ProxyHeaderParser.Status.MALFORMED, r.status(), () -> String.valueOf(r));
        assertTrue(r.problem().contains(reason), r.problem());
    }

    @Test
    void v1Tcp4AndTcp6AndUnknown() throws Exception {
        ProxyHeader h = parse("PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\nGET").header();
        assertEquals(at("192.0.2.7", 56324), h.source());
        assertEquals(at("198.51.100.1", 443), h.destination());
        assertEquals(45, h.length());
        ProxyHeader six = parse("PROXY TCP6 2001:db8::7 2001:db8::1 65535 0\r\n").header();
        assertEquals(at("2001:db8::7", 65535), six.source());
        ProxyHeader unknown = parse("PROXY UNKNOWN ffff:f::1 ffff::2 1 2\r\n").header();
        assertNull(unknown.source(), "UNKNOWN: the connection's own address stays");
    }

    @Test
    void theHeaderIsConsumedAndNothingAfterIt() {
        ByteBuffer b = ByteBuffer.wrap("PROXY UNKNOWN\r\nhello".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ProxyHeaderParser.Status.DONE, ProxyHeaderParser.parse(b).status());
        assertEquals("hello", StandardCharsets.US_ASCII.decode(b).toString());
    }

    @Test
    void brokenV1LinesSayWhy() {
        assertMalformed(parse("GET / HTTP/1.1\r\n"), "not a PROXY protocol header");
        assertMalformed(parse("PROXYTCP4 1.2.3.4 1.2.3.5 1 2\r\n"), "not a PROXY protocol v1 line");
        assertMalformed(parse("PROXY TCP5 1.2.3.4 1.2.3.5 1 2\r\n"), "is not TCP4, TCP6 or UNKNOWN");
        assertMalformed(parse("PROXY TCP4 1.2.3.4 1.2.3.5 1\r\n"), "fields, not 6");
        assertMalformed(parse("PROXY TCP4 1.2.3.4 ::1 1 2\r\n"), "not an IPv4 literal");
        assertMalformed(parse("PROXY TCP4 example.com 1.2.3.5 1 2\r\n"), "not an IPv4 literal");
        assertMalformed(parse("PROXY TCP4 1.2.3.4 1.2.3.5 01 2\r\n"), "port");
        assertMalformed(parse("PROXY TCP4 1.2.3.4 1.2.3.5 1 65536\r\n"), "port");
        assertMalformed(parse("PROXY TCP4 1.2.3.4 1.2.3.5 1 2\n"), "without CRLF");
        assertMalformed(parse("PROXY UNKNOWN " + "x".repeat(100) + "\r\n"), "longer than 107");
        assertMalformed(parse("PROXY TCP4 1.2.3.4\t1.2.3.5 1 2\r\n"), "not printable");
        assertEquals(ProxyHeaderParser.Status.NEED_MORE_DATA, parse("PROXY TCP4 1.2").status());
    }

    @Test
    void v2WithAddressesAndTlvsRoundTrips() throws Exception {
        List<Tlv> tlvs = List.of(Tlv.authority("api.example.com"), Tlv.alpn("h2"), Tlv.ssl("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
        byte[] header = ProxyHeaderWriter.v2(at("203.0.113.9", 40000), at("10.0.0.1", 443), tlvs);
        ProxyHeader h = parse(header).header();
        assertEquals(2, h.version());
        assertEquals(at("203.0.113.9", 40000), h.source());
        assertEquals(at("10.0.0.1", 443), h.destination());
        assertEquals(tlvs, h.tlvs());
        assertEquals(header.length, h.length());
        assertEquals("api.example.com", h.tlv(Tlv.AUTHORITY).orElseThrow().text());

        ProxyHeader mixed = parse(ProxyHeaderWriter.v2(at("203.0.113.9", 1), at("2001:db8::1", 2), List.of())).header();
        assertEquals(at("203.0.113.9", 1), mixed.source(), "IPv4 written mapped beside IPv6, read back as IPv4");
    }

    @Test
    void v2LocalAndUnspecKeepTheConnectionsAddress() {
        byte[] local = v2(0x20, 0x00, new byte[0]);
        ProxyHeader h = parse(local).header();
        assertNull(h.source());
        assertEquals(16, h.length());
        byte[] unix = v2(0x21, 0x31, new byte[216]);
        assertNull(parse(unix).header().source());
    }

    @Test
    void v2ChecksumMustMatch() throws Exception {
        byte[] body = new byte[12 + 7];
        System.arraycopy(InetAddress.getByName("192.0.2.1").getAddress(), 0, body, 0, 4);
        body[12] = Tlv.CRC32C;
        body[14] = 4;
        byte[] header = v2(0x21, 0x11, body);
        CRC32C crc = new CRC32C();
        crc.update(header);
        long value = crc.getValue();
        int at = 16 + 12 + 3;
        header[at] = (byte) (value >> 24);
        header[at + 1] = (byte) (value >> 16);
        header[at + 2] = (byte) (value >> 8);
        header[at + 3] = (byte) value;
        assertEquals(ProxyHeaderParser.Status.DONE, parse(header).status());
        header[at + 3] ^= 1;
        assertMalformed(parse(header), "CRC32C does not match");
    }

    @Test
    void brokenV2HeadersSayWhy() {
        assertMalformed(parse(v2(0x31, 0x11, new byte[12])), "version 3 is not 2");
        assertMalformed(parse(v2(0x22, 0x11, new byte[12])), "neither LOCAL nor PROXY");
        assertMalformed(parse(v2(0x21, 0x41, new byte[12])), "are not defined");
        assertMalformed(parse(v2(0x21, 0x11, new byte[11])), "too short for its addresses");
        assertMalformed(parse(v2(0x21, 0x12, new byte[12])), "is not a stream");
        assertMalformed(parse(v2(0x21, 0x11, concat(new byte[12], new byte[] {0x05, 0x00, 0x09, 1}))), "runs past the header");
        assertMalformed(parse(v2(0x21, 0x11, concat(new byte[12], new byte[] {0x05, 0x00}))), "cut short");
        assertMalformed(parse(v2(0x21, 0x11, concat(new byte[12], new byte[] {0x20, 0x00, 0x02, 1, 0}))), "SSL TLV is shorter");
        byte[] huge = v2(0x21, 0x11, new byte[12]);
        huge[14] = (byte) 0xff;
        huge[15] = (byte) 0xff;
        assertMalformed(parse(huge), "is longer than");
        byte[] badSignature = v2(0x21, 0x11, new byte[12]);
        badSignature[7] = 'q';
        assertMalformed(parse(badSignature), "v2 signature");
    }

    @Test
    void theSnifferTellsAHeaderFromOtherFirstBytesAcrossReads() {
        ProxyHeaderSniffer sniffer = new ProxyHeaderSniffer();
        assertEquals(ProxyHeaderSniffer.Verdict.UNDECIDED, sniffer.offer(ByteBuffer.wrap("PRO".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(ProxyHeaderSniffer.Verdict.HEADER, sniffer.offer(ByteBuffer.wrap("XY TCP4".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(ProxyHeaderSniffer.Verdict.NOT_A_HEADER,
                new ProxyHeaderSniffer().offer(ByteBuffer.wrap("PROXIMITY".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(ProxyHeaderSniffer.Verdict.HEADER, new ProxyHeaderSniffer().offer(ByteBuffer.wrap(v2(0x21, 0x11, new byte[12]))));
        assertEquals(ProxyHeaderSniffer.Verdict.NOT_A_HEADER, new ProxyHeaderSniffer().offer(ByteBuffer.wrap(new byte[] {0x16, 3, 1})));
    }

    /** A v2 header with this version/command and family bytes around {@code body}. */
    static byte[] v2(int versionCommand, int family, byte[] body) {
        byte[] out = new byte[16 + body.length];
        System.arraycopy(ProxyHeaderParser.V2_SIGNATURE, 0, out, 0, 12);
        out[12] = (byte) versionCommand;
        out[13] = (byte) family;
        out[14] = (byte) (body.length >> 8);
        out[15] = (byte) body.length;
        System.arraycopy(body, 0, out, 16, body.length);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
