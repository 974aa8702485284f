package dev.leakaudit.proxy.tls;

import dev.leakaudit.proxy.tls.ClientHelloParser.Result;
import dev.leakaudit.proxy.tls.ClientHelloParser.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientHelloParserTest {

    private static byte[] tls13Hello;   // SNI api.example.com, TLS 1.3 + 1.2 offered
    private static byte[] tls12Hello;   // SNI legacy.example.org, TLS 1.2 only
    private static byte[] noSniHello;   // no server_name extension

    @BeforeAll
    static void captureRealHellos() throws Exception {
        tls13Hello = RealClientHello.capture("API.example.com");
        tls12Hello = RealClientHello.capture("legacy.example.org", "TLSv1.2");
        noSniHello = RealClientHello.capture(null);
    }

    private static Result parse(byte[] bytes) {
        return ClientHelloParser.parse(ByteBuffer.wrap(bytes));
    }

    private static Result parse(byte[] bytes, int length) {
        return ClientHelloParser.parse(ByteBuffer.wrap(bytes, 0, length).slice());
    }

    @Test
    void findsTheSniInRealHellos() {
        assertTrue(tls13Hello.length > 100, "captured " + tls13Hello.length + " bytes");
        assertEquals(Result.found("api.example.com"), parse(tls13Hello));
        assertEquals(Result.found("legacy.example.org"), parse(tls12Hello));
    }

    @Test
    void helloWithoutSniIsFoundWithNullName() {
        Result result = parse(noSniHello);
        assertEquals(Status.FOUND, result.status());
        assertNull(result.sni());
    }

    @Test
    void byteByByteEveryPrefixNeedsMoreDataUntilTheLastByte() {
        for (byte[] hello : new byte[][]{tls13Hello, tls12Hello, noSniHello}) {
            for (int n = 0; n < hello.length; n++) {
                assertEquals(Result.NEED_MORE_DATA, parse(hello, n), "prefix of " + n + " bytes");
            }
            assertEquals(Status.FOUND, parse(hello).status());
        }
    }

    @Test
    void incrementalFedOneByteAtATimeAgreesWithTheWholeHello() {
        for (byte[] hello : new byte[][]{tls13Hello, tls12Hello, noSniHello}) {
            ClientHelloParser.Incremental parser = new ClientHelloParser.Incremental();
            Result result = Result.NEED_MORE_DATA;
            for (int i = 0; i < hello.length; i++) {
                assertEquals(Result.NEED_MORE_DATA, result, "decided early, at byte " + i);
                result = parser.offer(ByteBuffer.wrap(hello, i, 1));
            }
            assertEquals(parse(hello), result);
            // Final answers stay final, whatever comes next.
            assertEquals(result, parser.offer(ByteBuffer.wrap(new byte[] {0x17, 3, 3, 0, 1, 0})));
        }
    }

    @Test
    void incrementalAgreesAtEverySplitPoint() {
        for (byte[] hello : new byte[][]{tls13Hello, RealClientHello.frame(RealClientHello.handshakeOf(tls12Hello), 64)}) {
            Result whole = parse(hello);
            for (int split = 0; split <= hello.length; split++) {
                ClientHelloParser.Incremental parser = new ClientHelloParser.Incremental();
                parser.offer(ByteBuffer.wrap(hello, 0, split));
                assertEquals(whole, parser.offer(ByteBuffer.wrap(hello, split, hello.length - split)), "split at " + split);
            }
        }
    }

    @Test
    void growingBufferAsTheEngineUsesIt() {
        // One buffer in write mode, flipped for each look and compacted back; as an event loop does it.
        ByteBuffer buffer = ByteBuffer.allocateDirect(ClientHelloParser.MAX_BYTES_TO_DECIDE);
        Result result = Result.NEED_MORE_DATA;
        for (int i = 0; i < tls13Hello.length && result.status() == Status.NEED_MORE_DATA; i += 7) {
            buffer.put(tls13Hello, i, Math.min(7, tls13Hello.length - i));
            buffer.flip();
            result = ClientHelloParser.parse(buffer);
            assertEquals(0, buffer.position(), "parse must not consume");
            buffer.position(buffer.limit()).limit(buffer.capacity());
        }
        assertEquals(Result.found("api.example.com"), result);
    }

    @Test
    void helloSpreadOverManySmallRecords() {
        byte[] handshake = RealClientHello.handshakeOf(tls13Hello);
        for (int chunk : new int[]{1000, 100, 64}) {
            byte[] framed = RealClientHello.frame(handshake, chunk);
            assertEquals(Result.found("api.example.com"), parse(framed), "records of " + chunk);
            for (int n = 0; n < framed.length; n++) {
                assertEquals(Status.NEED_MORE_DATA, parse(framed, n).status(), "chunk " + chunk + " prefix " + n);
            }
        }
    }

    @Test
    void recordHeaderSplitRightAfterTheHandshakeHeader() {
        byte[] handshake = RealClientHello.handshakeOf(tls12Hello);
        byte[] first = RealClientHello.frame(Arrays.copyOf(handshake, 4), 4);
        byte[] rest = RealClientHello.frame(Arrays.copyOfRange(handshake, 4, handshake.length), 16384);
        assertEquals(Result.found("legacy.example.org"), parse(concat(first, rest)));
    }

    @Test
    void tooManyRecordsIsMalformed() {
        byte[] framed = RealClientHello.frame(RealClientHello.handshakeOf(tls13Hello), 1);
        Result result = parse(framed);
        assertEquals(Status.MALFORMED, result.status());
        assertTrue(result.reason().contains("records"), result.reason());
        // The verdict came before the engine had to buffer more than it is told to.
        int bytesForMaxRecords = ClientHelloParser.MAX_RECORDS * (ClientHelloParser.RECORD_HEADER_LENGTH + 1);
        assertEquals(Status.MALFORMED, parse(framed, bytesForMaxRecords + ClientHelloParser.RECORD_HEADER_LENGTH + 1).status());
        assertTrue(bytesForMaxRecords < ClientHelloParser.MAX_BYTES_TO_DECIDE);
    }

    @Test
    void bufferIsNotModified() {
        ByteBuffer buffer = ByteBuffer.allocate(tls13Hello.length + 10);
        buffer.position(3);
        buffer.put(tls13Hello);
        buffer.flip().position(3);
        ByteBuffer before = buffer.duplicate();
        assertEquals(Result.found("api.example.com"), ClientHelloParser.parse(buffer));
        assertEquals(3, buffer.position());
        assertEquals(3 + tls13Hello.length, buffer.limit());
        assertEquals(before, buffer);
    }

    @Test
    void plainProtocolsAreNotTls() {
        assertEquals(Result.NOT_TLS, parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Result.NOT_TLS, parse("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Result.NOT_TLS, parse(new byte[]{(byte) 0x80, 0x2e, 0x01})); // SSLv2 hello
        assertEquals(Result.NOT_TLS, parse(new byte[]{0x16, 0x01}));             // wrong major version
        assertEquals(Result.NOT_TLS, parse(new byte[]{0x16, 0x03, 0x09}));       // unknown minor version
        assertEquals(Result.NOT_TLS, parse(new byte[]{0x17, 0x03, 0x03, 0, 5})); // application data first
    }

    @Test
    void emptyAndTinyInputNeedMoreData() {
        assertEquals(Result.NEED_MORE_DATA, parse(new byte[0]));
        assertEquals(Result.NEED_MORE_DATA, parse(new byte[]{0x16}));
        assertEquals(Result.NEED_MORE_DATA, parse(new byte[]{0x16, 0x03, 0x01, 0x02}));
    }

    @Test
    void nullBufferIsMalformedNotAnException() {
        assertEquals(Status.MALFORMED, ClientHelloParser.parse(null).status());
    }

    @Test
    void oversizeHelloIsRejectedFromItsHeaderAlone() {
        byte[] handshakeHeader = {1, 0, 0x40, 0x01}; // 16385 bytes announced
        Result result = parse(RealClientHello.frame(handshakeHeader, 4));
        assertEquals(Status.MALFORMED, result.status());
        assertTrue(result.reason().contains("16385"), result.reason());
    }

    @Test
    void badFramingIsMalformed() {
        assertMalformed(new byte[]{0x16, 3, 1, 0, 0}, "empty handshake record");
        assertMalformed(new byte[]{0x16, 3, 1, 0x48, 0x01}, "record length");
        assertMalformed(RealClientHello.frame(new byte[]{2, 0, 0, 4, 0, 0, 0, 0}, 100), "not a ClientHello");
        assertMalformed(RealClientHello.frame(new byte[]{1, 0, 0, 0}, 100), "truncated");
        // A second record of another type before the hello is complete.
        byte[] handshake = RealClientHello.handshakeOf(tls13Hello);
        byte[] firstPart = RealClientHello.frame(Arrays.copyOf(handshake, 50), 50);
        assertMalformed(concat(firstPart, new byte[]{0x15, 3, 3, 0, 2, 2, 40}), "record of type 21");
    }

    @Test
    void corruptedLengthsInsideARealHelloAreMalformed() {
        byte[] handshake = RealClientHello.handshakeOf(tls12Hello);
        int sessionIdAt = 4 + 2 + 32;

        byte[] badSession = handshake.clone();
        badSession[sessionIdAt] = 33;
        assertMalformed(RealClientHello.frame(badSession, 16384), "session_id");

        int cipherAt = sessionIdAt + 1 + (handshake[sessionIdAt] & 0xff);
        byte[] oddCiphers = handshake.clone();
        oddCiphers[cipherAt + 1] |= 1;
        assertEquals(Status.MALFORMED, parse(RealClientHello.frame(oddCiphers, 16384)).status());

        int cipherLength = ((handshake[cipherAt] & 0xff) << 8) | (handshake[cipherAt + 1] & 0xff);
        int compressionAt = cipherAt + 2 + cipherLength;
        int extensionsAt = compressionAt + 1 + (handshake[compressionAt] & 0xff);
        byte[] longExtensions = handshake.clone();
        longExtensions[extensionsAt + 1] += 1;
        assertMalformed(RealClientHello.frame(longExtensions, 16384), "extensions length");

        // Truncate the body (and fix up the lengths) so the last extension is cut short.
        byte[] cut = Arrays.copyOf(handshake, handshake.length - 3);
        int bodyLength = cut.length - 4;
        cut[1] = (byte) (bodyLength >> 16);
        cut[2] = (byte) (bodyLength >> 8);
        cut[3] = (byte) bodyLength;
        int extLength = cut.length - extensionsAt - 2;
        cut[extensionsAt] = (byte) (extLength >> 8);
        cut[extensionsAt + 1] = (byte) extLength;
        assertMalformed(RealClientHello.frame(cut, 16384), "truncated");
    }

    @Test
    void syntheticHelloEdgeCases() {
        assertEquals(Result.found("a.b"), parse(hello(sniExtension(0, "A.B"))));
        assertEquals(Result.found(null), parse(hello(new byte[0]))); // extensions list present but empty
        assertEquals(Result.found(null), parse(helloWithoutExtensions()));
        assertMalformed(hello(concat(sniExtension(0, "a.b"), sniExtension(0, "c.d"))), "appears twice");
        assertMalformed(hello(sniExtension(0, "bad host")), "host_name contains");
        assertMalformed(hello(sniExtension(0, "")), "host_name length");
        assertMalformed(hello(sniExtension(0, "a".repeat(256))), "host_name length");
        assertMalformed(hello(new byte[]{0, 0, 0, 0}), "server_name_list length");
        assertMalformed(hello(new byte[]{0, 0, 0, 4, 0, 9, 0, 0}), "server_name list length");
        // Two host names in one list.
        assertMalformed(hello(serverName(concat(nameEntry(0, "a.b"), nameEntry(0, "c.d")))), "more than one host_name");
        // An unknown name type is skipped; the host_name after it still counts.
        assertEquals(Result.found("c.d"), parse(hello(serverName(concat(nameEntry(7, "x"), nameEntry(0, "c.d"))))));
        // Declared extension longer than what is left.
        assertMalformed(hello(new byte[]{0, 10, 0, 9, 1}), "truncated");
    }

    @Test
    void randomCorruptionNeverThrows() {
        Random random = new Random(42);
        for (byte[] original : new byte[][]{tls13Hello, tls12Hello, noSniHello}) {
            for (int i = 0; i < 3000; i++) {
                byte[] corrupted = original.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
                }
                Result result = parse(corrupted, random.nextInt(corrupted.length + 1));
                assertNotNull(result.status());
                if (result.status() == Status.MALFORMED) {
                    assertNotNull(result.reason());
                }
            }
        }
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(600)];
            random.nextBytes(noise);
            if (noise.length > 2) {
                noise[0] = 0x16;
                noise[1] = 3;
                noise[2] = 1;
            }
            assertNotNull(parse(noise).status());
        }
    }

    private static void assertMalformed(byte[] bytes, String reasonPart) {
        Result result = parse(bytes);
        assertEquals(Status.MALFORMED, result.status(), () -> "got " + result);
        assertTrue(result.reason().contains(reasonPart), () -> "reason was: " + result.reason());
    }

    // ---- synthetic hellos for cases a real client never sends

    private static byte[] helloWithoutExtensions() {
        return RealClientHello.frame(handshake(fixedFields()), 16384);
    }

    private static byte[] hello(byte[] extensions) {
        byte[] body = concat(fixedFields(), u16(extensions.length), extensions);
        return RealClientHello.frame(handshake(body), 16384);
    }

    private static byte[] fixedFields() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(3);
        out.write(3);
        out.writeBytes(new byte[32]);   // random
        out.write(0);                   // session id
        out.writeBytes(new byte[]{0, 2, 0x13, 0x01}); // one cipher suite
        out.writeBytes(new byte[]{1, 0});             // null compression
        return out.toByteArray();
    }

    private static byte[] handshake(byte[] body) {
        return concat(new byte[]{1, (byte) (body.length >> 16), (byte) (body.length >> 8), (byte) body.length}, body);
    }

    private static byte[] sniExtension(int nameType, String name) {
        return serverName(nameEntry(nameType, name));
    }

    private static byte[] serverName(byte[] entries) {
        byte[] data = concat(u16(entries.length), entries);
        return concat(u16(0), u16(data.length), data);
    }

    private static byte[] nameEntry(int nameType, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        return concat(new byte[]{(byte) nameType}, u16(bytes.length), bytes);
    }

    private static byte[] u16(int v) {
        return new byte[]{(byte) (v >> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
