package dev.leakaudit.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in the three forms tools write (PKCS#8, PKCS#1 RSA, SEC1 EC), and files that are not what they should be. */
class PemFilesTest {

    private static final String P256 = "1.2.840.10045.3.1.7";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    /** The key inside a PKCS#8 structure (what PKCS#1 and SEC1 files hold). */
    private static byte[] inner(PrivateKey key) {
        return Der.readOne(key.getEncoded()).children().get(2).content();
    }

    @Test
    void readsPkcs8() throws Exception {
        KeyPair keys = TestPki.keyPair(TestPki.KeyKind.EC);
        PrivateKey read = PemFiles.readPrivateKey(write("k.pem", TestPki.pem("PRIVATE KEY", keys.getPrivate().getEncoded())));
        assertArrayEquals(keys.getPrivate().getEncoded(), read.getEncoded());
    }

    @Test
    void readsPkcs1Rsa() throws Exception {
        KeyPair keys = TestPki.keyPair(TestPki.KeyKind.RSA);
        PrivateKey read = PemFiles.readPrivateKey(write("k.pem", TestPki.pem("RSA PRIVATE KEY", inner(keys.getPrivate()))));
        assertEquals("RSA", read.getAlgorithm());
        assertArrayEquals(keys.getPrivate().getEncoded(), read.getEncoded());
    }

    @Test
    void readsSec1EcWithItsCurve() throws Exception {
        KeyPair keys = TestPki.keyPair(TestPki.KeyKind.EC);
        // The JDK's SEC1 leaves the curve to PKCS#8; OpenSSL's names it in [0]. Add it as OpenSSL does.
        List<byte[]> parts = new ArrayList<>();
        for (Der.Element e : Der.readOne(inner(keys.getPrivate())).children()) {
            if (e.tag() != 0xa0) {
                parts.add(Der.element(e.tag(), e.content()));
            }
        }
        parts.add(2, Der.element(0xa0, Der.oid(P256)));
        byte[] sec1 = Der.sequence(parts.toArray(byte[][]::new));
        PrivateKey read = PemFiles.readPrivateKey(write("k.pem", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
                + "-----END EC PARAMETERS-----\n" + TestPki.pem("EC PRIVATE KEY", sec1)));
        assertEquals("EC", read.getAlgorithm());
        assertEquals(new BigInteger(1, ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS().toByteArray()),
                ((java.security.interfaces.ECPrivateKey) read).getS());
    }

    @Test
    void aCombinedFileHoldsTheChainAndTheKey() throws Exception {
        TestPki pki = TestPki.create("Combined CA");
        TestPki.Issued issued = pki.issue(List.of("a.example.com"), TestPki.KeyKind.EC);
        Path both = write("both.pem", issued.certificatePem() + issued.keyPem());
        assertEquals(issued.certificate(), PemFiles.readCertificates(both).get(0));
        assertArrayEquals(issued.keys().getPrivate().getEncoded(), PemFiles.readPrivateKey(both).getEncoded());
    }

    @Test
    void filesThatCannotServeSayWhy() throws Exception {
        assertTrue(assertThrows(TlsFileException.class, () -> PemFiles.readPrivateKey(write("e.pem",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")))
                .getMessage().contains("encrypted"));
        assertTrue(assertThrows(TlsFileException.class, () -> PemFiles.readCertificates(write("t.pem", "hello")))
                .getMessage().contains("is not a PEM file"));
        assertTrue(assertThrows(TlsFileException.class, () -> PemFiles.readCertificates(write("b.pem",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")))
                .getMessage().contains("certificate 1 cannot be read"));
        TlsFileException missing = assertThrows(TlsFileException.class, () -> PemFiles.readPrivateKey(dir.resolve("none")));
        assertEquals(dir.resolve("none"), missing.file());
        assertEquals("file does not exist", missing.problem());
    }
}
