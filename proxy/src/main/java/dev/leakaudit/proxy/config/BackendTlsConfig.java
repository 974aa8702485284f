package dev.leakaudit.proxy.config;

import java.nio.file.Path;

/**
 * TLS towards the backend of a {@code reencrypt} route. Verification is said explicitly: either
 * {@code verify} with the CA certificates in {@code ca}, or no verification at all.
 *
 * @param serverName the name sent as SNI and checked against the backend's certificate; null means
 *                   the target's host
 */
public record BackendTlsConfig(boolean verify, Path ca, String serverName) {

    public BackendTlsConfig {
        if (verify && ca == null) {
            throw new IllegalArgumentException("verify needs ca, the CA certificates to verify the backend against");
        }
        if (!verify && ca != null) {
            throw new IllegalArgumentException("ca is given but verify is false");
        }
        if (serverName != null && serverName.isBlank()) {
            throw new IllegalArgumentException("serverName must not be empty");
        }
    }

    public static BackendTlsConfig verifiedBy(Path ca) {
        return new BackendTlsConfig(true, ca, null);
    }

    public static BackendTlsConfig unverified() {
        return new BackendTlsConfig(false, null, null);
    }
}
