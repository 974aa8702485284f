package dev.leakaudit.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Treatment of keep-alive connections.
 *
 * @param warningGrace after the single inactivity warning, how long a keep-alive connection still
 *                     gets before it is closed; null means "derive it from the connection's own
 *                     effective timeout" (see {@link #warningGraceFor})
 */
public record KeepAliveConfig(KeepAliveTreatment treatment, double inactivityMultiplier, Duration warningGrace) {

    public static final double DEFAULT_INACTIVITY_MULTIPLIER = 6;

    /** Divisor for the derived grace: a sixth of the effective timeout. */
    private static final int DERIVED_GRACE_DIVISOR = 6;

    public KeepAliveConfig {
        Objects.requireNonNull(treatment, "treatment");
        if (!(inactivityMultiplier >= 1) || Double.isInfinite(inactivityMultiplier)) {
            throw new IllegalArgumentException("inactivityMultiplier must be a finite number >= 1, not " + inactivityMultiplier);
        }
        if (warningGrace != null && (warningGrace.isNegative() || warningGrace.isZero())) {
            throw new IllegalArgumentException("warningGrace must be positive, not " + warningGrace);
        }
        if (warningGrace != null) {
            TimeoutsConfig.requireAtMostMax("warningGrace", warningGrace);
        }
    }

    public static KeepAliveConfig defaults() {
        return new KeepAliveConfig(KeepAliveTreatment.EXTENDED, DEFAULT_INACTIVITY_MULTIPLIER, null);
    }

    /**
     * The inactivity timeout that applies to one connection, or null when it has none (immortal
     * keep-alive connections). The seed pushed lastActivity into the future instead; computing the
     * timeout keeps lastActivity the truth.
     */
    public Duration effectiveInactivityTimeout(Duration baseTimeout, boolean connectionHasKeepAlive) {
        if (!connectionHasKeepAlive) {
            return baseTimeout;
        }
        return switch (treatment) {
            case STANDARD -> baseTimeout;
            case EXTENDED -> Duration.ofNanos(saturatedNanos(baseTimeout.toNanos() * inactivityMultiplier));
            case IMMORTAL -> null;
        };
    }

    /** Whether a connection with keep-alive is exempt from inactivity and lifetime limits. */
    public boolean isImmortal(boolean connectionHasKeepAlive) {
        return connectionHasKeepAlive && treatment == KeepAliveTreatment.IMMORTAL;
    }

    /** The grace after the warning: the configured one, or a sixth of the connection's effective timeout. */
    public Duration warningGraceFor(Duration effectiveTimeout) {
        if (warningGrace != null) {
            return warningGrace;
        }
        Objects.requireNonNull(effectiveTimeout, "effectiveTimeout");
        return effectiveTimeout.dividedBy(DERIVED_GRACE_DIVISOR);
    }

    private static long saturatedNanos(double nanos) {
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos;
    }
}
