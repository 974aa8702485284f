package dev.leakaudit.proxy.tls;

/**
 * What a look at a route's certificate files found: the renewed certificates were installed, or
 * they could not be used and the current ones stay ({@code installed} false), with a line for the log.
 */
public record CertificateReload(boolean installed, String line) {
}
