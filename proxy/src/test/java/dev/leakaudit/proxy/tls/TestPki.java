package dev.leakaudit.proxy.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at test time, in this JVM: a CA and the server certificates it issues (EC
 * P-256 or RSA 2048, any names, any validity), written as the PEM files the proxy reads. Nothing
 * secret is committed, and no external tool is needed. The certificates are real X.509 (DER built
 * here, signed with the JDK's {@code Signature}); the JDK's own parser and TLS stack check them.
 */
public final class TestPki {

    public enum KeyKind { EC, RSA }

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestPki(String name, KeyPair caKeys, X509Certificate ca) {
        this.name = name;
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A fresh CA (EC P-256), valid from a day ago for a year. */
    public static TestPki create(String caName) {
        try {
            KeyPair keys = keyPair(KeyKind.EC);
            Instant now = Instant.now();
            byte[] tbs = tbs(caName, caName, keys, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)),
                    List.of(), true, KeyKind.EC);
            return new TestPki(caName, keys, certificate(tbs, keys.getPrivate(), KeyKind.EC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** A server certificate for {@code dnsNames} (the first is also its common name), valid now. */
    public Issued issue(List<String> dnsNames, KeyKind kind) {
        Instant now = Instant.now();
        return issue(dnsNames, kind, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    public Issued issue(List<String> dnsNames, KeyKind kind, Instant notBefore, Instant notAfter) {
        try {
            KeyPair keys = keyPair(kind);
            byte[] tbs = tbs(dnsNames.get(0), name, keys, notBefore, notAfter, dnsNames, false, KeyKind.EC);
            return new Issued(certificate(tbs, caKeys.getPrivate(), KeyKind.EC), keys, ca);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client-side context that trusts this CA only. */
    public SSLContext clientContext() {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the CA certificate as PEM. */
    public Path writeCa(Path file) throws IOException {
        Files.writeString(file, pem("CERTIFICATE", encoded(ca)), StandardCharsets.US_ASCII);
        return file;
    }

    /** A certificate with its key and its issuer. */
    public record Issued(X509Certificate certificate, KeyPair keys, X509Certificate issuer) {

        /** The chain (leaf, then the CA) to {@code certFile}, the PKCS#8 key to {@code keyFile}. */
        public void write(Path certFile, Path keyFile) throws IOException {
            Files.writeString(certFile, pem("CERTIFICATE", encoded(certificate)) + pem("CERTIFICATE", encoded(issuer)),
                    StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        }

        /** A server-side context that presents this certificate (for TLS backends in tests). */
        public SSLContext serverContext() {
            try {
                java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] password = "test".toCharArray();
                store.setKeyEntry("server", keys.getPrivate(), password,
                        new java.security.cert.Certificate[] {certificate, issuer});
                javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                        javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, password);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public String keyPem() {
            return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        }

        public String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate));
        }
    }

    public static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair keyPair(KeyKind kind) throws GeneralSecurityException {
        if (kind == KeyKind.RSA) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    // ------------------------------------------------------------------ DER

    private static byte[] tbs(String subject, String issuer, KeyPair subjectKeys, Instant notBefore, Instant notAfter,
                              List<String> dnsNames, boolean isCa, KeyKind signerKind) {
        List<byte[]> extensions = new ArrayList<>();
        if (isCa) {
            // basicConstraints, critical, cA TRUE; keyUsage keyCertSign + cRLSign
            extensions.add(Der.sequence(Der.oid("2.5.29.19"), new byte[] {0x01, 0x01, (byte) 0xff},
                    Der.octetString(Der.sequence(new byte[] {0x01, 0x01, (byte) 0xff}))));
            extensions.add(Der.sequence(Der.oid("2.5.29.15"), new byte[] {0x01, 0x01, (byte) 0xff},
                    Der.octetString(Der.element(Der.BIT_STRING, new byte[] {0x01, 0x06}))));
        } else {
            List<byte[]> names = new ArrayList<>();
            for (String dns : dnsNames) {
                names.add(Der.element(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
            }
            extensions.add(Der.sequence(Der.oid("2.5.29.17"), Der.octetString(Der.sequence(names.toArray(byte[][]::new)))));
        }
        return Der.sequence(
                Der.element(0xa0, Der.integer(BigInteger.TWO)),
                Der.integer(BigInteger.valueOf(SERIALS.incrementAndGet())),
                algorithm(signerKind),
                name(issuer),
                Der.sequence(time(notBefore), time(notAfter)),
                name(subject),
                subjectKeys.getPublic().getEncoded(),
                Der.element(0xa3, Der.sequence(extensions.toArray(byte[][]::new))));
    }

    private static X509Certificate certificate(byte[] tbs, PrivateKey signer, KeyKind signerKind)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(signerKind == KeyKind.RSA ? "SHA256withRSA" : "SHA256withECDSA");
        s.initSign(signer);
        s.update(tbs);
        byte[] signature = s.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = Der.sequence(tbs, algorithm(signerKind), Der.element(Der.BIT_STRING, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] algorithm(KeyKind signerKind) {
        return signerKind == KeyKind.RSA
                ? Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue())
                : Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"),
                Der.element(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(Instant t) {
        return Der.element(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }
}
