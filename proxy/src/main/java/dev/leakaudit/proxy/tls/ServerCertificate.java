package dev.leakaudit.proxy.tls;

import dev.leakaudit.proxy.config.CertificateFiles;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate chain and its private key, checked and ready to serve: the key belongs to the
 * leaf, nothing in the chain has expired. {@code alias} is unique for the life of the process, so a
 * handshake that chose it before a reload still finds it.
 */
record ServerCertificate(String alias, CertificateFiles files, X509Certificate[] chain, PrivateKey key,
                         CertificateNames names, FileStamp stamp) {

    /** The key's algorithm as the JDK's key managers name key types: RSA, EC, EdDSA, RSASSA-PSS. */
    String keyType() {
        return key.getAlgorithm();
    }

    X509Certificate leaf() {
        return chain[0];
    }
}
