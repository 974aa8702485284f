package dev.leakaudit.proxy.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One certificate a terminating route serves: the PEM file with the certificate chain (leaf
 * first), the PEM file with its private key ({@code key} may be the same file), and the server names
 * it is chosen for. With no {@code domains}, the names come from the certificate itself (its DNS
 * subject alternative names, or its common name).
 */
public record CertificateFiles(Path cert, Path key, List<DomainPattern> domains) {

    public CertificateFiles {
        Objects.requireNonNull(cert, "cert");
        key = key == null ? cert : key;
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    public CertificateFiles(Path cert, Path key) {
        this(cert, key, List.of());
    }
}
