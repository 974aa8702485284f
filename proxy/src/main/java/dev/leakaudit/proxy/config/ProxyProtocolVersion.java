package dev.leakaudit.proxy.config;

/** Which PROXY protocol header, if any, a route sends its backend first. */
public enum ProxyProtocolVersion {
    NONE,
    /** The text header: {@code PROXY TCP4 src dst sport dport}. */
    V1,
    /** The binary header, with the TLS and SNI fields (TLVs) filled when known. */
    V2
}
