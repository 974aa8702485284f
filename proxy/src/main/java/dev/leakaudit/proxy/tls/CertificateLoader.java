package dev.leakaudit.proxy.tls;

import dev.leakaudit.proxy.config.CertificateFiles;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads and checks one certificate and key: both files readable, the key belongs to the leaf
 * certificate, and no certificate of the chain is expired or not yet valid. Every failure is a
 * {@link TlsFileException} that names the file at fault.
 */
public final class CertificateLoader {

    private static final AtomicLong ALIASES = new AtomicLong();

    private CertificateLoader() {
    }

    static ServerCertificate load(CertificateFiles files, Instant now) throws TlsFileException {
        // Stamped before reading: a file replaced while it is read is read again at the next check.
        FileStamp stamp = FileStamp.of(files.cert(), files.key());
        List<X509Certificate> chain = PemFiles.readCertificates(files.cert());
        PrivateKey key = PemFiles.readPrivateKey(files.key());
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String which = i == 0 ? "the certificate" : "certificate " + (i + 1) + " of the chain";
            if (now.isAfter(c.getNotAfter().toInstant())) {
                throw new TlsFileException(files.cert(), which + " expired on " + c.getNotAfter().toInstant());
            }
            if (now.isBefore(c.getNotBefore().toInstant())) {
                throw new TlsFileException(files.cert(), which + " is not valid before " + c.getNotBefore().toInstant());
            }
        }
        X509Certificate leaf = chain.get(0);
        if (!belongTogether(key, leaf.getPublicKey())) {
            throw new TlsFileException(files.key(), "the private key does not belong to the certificate in "
                    + files.cert());
        }
        return new ServerCertificate("cert-" + ALIASES.incrementAndGet(), files,
                chain.toArray(X509Certificate[]::new), key, CertificateNames.of(files.domains(), leaf), stamp);
    }

    /** The same modulus for RSA; for other keys, a signature made with the key verifies with the certificate. */
    private static boolean belongTogether(PrivateKey key, PublicKey certificateKey) {
        if (key instanceof RSAKey rsa) {
            return certificateKey instanceof RSAKey pub && rsa.getModulus().equals(pub.getModulus());
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(certificateKey.getAlgorithm())
                && !(algorithm.equals("EdDSA") && certificateKey.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificateKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
