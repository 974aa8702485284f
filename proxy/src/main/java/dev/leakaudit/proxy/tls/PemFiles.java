package dev.leakaudit.proxy.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files as web servers and certificate tools write them: certificates
 * ({@code CERTIFICATE} blocks, leaf first), and an unencrypted private key in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) form.
 * A file may hold both (as HAProxy's {@code crt} files do). Every failure names the file.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            RSA_ENCRYPTION, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            EC_PUBLIC_KEY, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");

    private PemFiles() {
    }

    /** One PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...) and decoded bytes. */
    record Block(String label, byte[] der) {
    }

    /** Every certificate in the file, in order (leaf first); at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws TlsFileException {
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new TlsFileException(file, "X.509 is not available in this JVM", e);
        }
        for (Block b : blocks(file)) {
            if (!b.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException | ClassCastException e) {
                throw new TlsFileException(file, "certificate " + (chain.size() + 1) + " cannot be read ("
                        + e.getMessage() + ")", e);
            }
        }
        if (chain.isEmpty()) {
            throw new TlsFileException(file, "holds no certificate (expected a -----BEGIN CERTIFICATE----- block)");
        }
        return chain;
    }

    /** The one private key in the file. */
    public static PrivateKey readPrivateKey(Path file) throws TlsFileException {
        PrivateKey key = null;
        for (Block b : blocks(file)) {
            PrivateKey k = switch (b.label()) {
                case "PRIVATE KEY" -> pkcs8(file, b.der());
                case "RSA PRIVATE KEY" -> pkcs8(file, wrapPkcs1(b.der()));
                case "EC PRIVATE KEY" -> pkcs8(file, wrapSec1(file, b.der()));
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsFileException(file,
                        "the private key is encrypted; give the proxy an unencrypted key (e.g. openssl pkey -in KEY -out PLAIN)");
                default -> null;
            };
            if (k != null) {
                if (key != null) {
                    throw new TlsFileException(file, "holds more than one private key");
                }
                key = k;
            }
        }
        if (key == null) {
            throw new TlsFileException(file, "holds no private key (expected a -----BEGIN PRIVATE KEY----- block)");
        }
        return key;
    }

    /** Whether the file holds a private key block at all (a combined certificate and key file). */
    public static boolean holdsPrivateKey(Path file) throws TlsFileException {
        for (Block b : blocks(file)) {
            if (b.label().endsWith("PRIVATE KEY")) {
                return true;
            }
        }
        return false;
    }

    static List<Block> blocks(Path file) throws TlsFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file, "file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new TlsFileException(file, "cannot read the file (permission denied)", e);
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot read the file (" + e.getMessage() + ")", e);
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsFileException(file, "the " + m.group(1) + " block is not valid base64", e);
            }
        }
        if (out.isEmpty()) {
            throw new TlsFileException(file, "is not a PEM file (no -----BEGIN ...----- block)");
        }
        return out;
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws TlsFileException {
        String algorithm;
        try {
            List<Der.Element> parts = Der.readOne(der).children();
            String oid = parts.get(1).children().get(0).oid();
            algorithm = KEY_ALGORITHMS.get(oid);
            if (algorithm == null) {
                throw new TlsFileException(file, "the private key's algorithm (" + oid + ") is not supported");
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new TlsFileException(file, "the private key cannot be read (not PKCS#8)", e);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file, "the " + algorithm + " private key cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** PKCS#1 RSAPrivateKey inside PKCS#8: version 0, rsaEncryption, the key as an OCTET STRING. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        return Der.sequence(Der.integer(BigInteger.ZERO),
                Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nullValue()),
                Der.octetString(pkcs1));
    }

    /** SEC1 ECPrivateKey inside PKCS#8; its curve comes from the key's own [0] parameters. */
    static byte[] wrapSec1(Path file, byte[] sec1) throws TlsFileException {
        String curve = null;
        try {
            for (Der.Element e : Der.readOne(sec1).children()) {
                if (e.tag() == 0xa0) {
                    curve = e.children().get(0).oid();
                }
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new TlsFileException(file, "the EC private key cannot be read (not SEC1)", e);
        }
        if (curve == null) {
            throw new TlsFileException(file, "the EC private key does not name its curve");
        }
        return Der.sequence(Der.integer(BigInteger.ZERO),
                Der.sequence(Der.oid(EC_PUBLIC_KEY), Der.oid(curve)),
                Der.octetString(sec1));
    }
}
