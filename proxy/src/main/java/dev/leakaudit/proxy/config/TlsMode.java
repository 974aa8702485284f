package dev.leakaudit.proxy.config;

/** What a route does with TLS. */
public enum TlsMode {
    /** The bytes go to the backend unchanged, ClientHello included: TLS is end to end. */
    PASSTHROUGH,
    /** The proxy is the TLS server (certificate per domain) and sends plain bytes to the backend. */
    TERMINATE,
    /** As {@link #TERMINATE}, then a new TLS connection to the backend. */
    REENCRYPT;

    public boolean terminates() {
        return this != PASSTHROUGH;
    }
}
