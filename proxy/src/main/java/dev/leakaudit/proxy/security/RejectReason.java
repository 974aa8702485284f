package dev.leakaudit.proxy.security;

/** Why the security gate refused a connection; {@link #code()} is the reason used in statistics. */
public enum RejectReason {
    MAX_CONNECTIONS("rejected_max_connections"),
    ROUTE_MAX_CONNECTIONS("rejected_route_max_connections"),
    IP_LIMIT("rejected_ip_limit"),
    RATE_LIMIT("rejected_rate_limit"),
    BLOCKED("rejected_blocked");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
