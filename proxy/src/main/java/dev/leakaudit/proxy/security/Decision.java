package dev.leakaudit.proxy.security;

/** The security gate's answer: allowed, or refused for one {@link RejectReason}. */
public record Decision(RejectReason rejection) {

    public static final Decision ALLOWED = new Decision(null);

    public static Decision reject(RejectReason reason) {
        return new Decision(java.util.Objects.requireNonNull(reason));
    }

    public boolean allowed() {
        return rejection == null;
    }

    /** The reason code ("rejected_ip_limit", ...), or null when allowed. */
    public String reason() {
        return rejection == null ? null : rejection.code();
    }
}
