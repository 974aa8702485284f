package dev.leakaudit.proxy.config;

/** How connections that use TCP keep-alive are treated by the inactivity check. */
public enum KeepAliveTreatment {
    /** The same inactivity timeout as any other connection. */
    STANDARD,
    /** The inactivity timeout times {@link KeepAliveConfig#inactivityMultiplier()}, with one warning first. */
    EXTENDED,
    /** Never closed for inactivity and no lifetime limit at all. */
    IMMORTAL
}
