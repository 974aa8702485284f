package dev.leakaudit.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Every timer the proxy runs per connection or at shutdown.
 *
 * @param initialDataTimeout      how long a client on an SNI port may take to send its ClientHello
 * @param socketTimeout           connect timeout towards the backend
 * @param inactivityTimeout       close a connection with no traffic in either direction for this long
 * @param inactivityCheckInterval how often connections are checked for inactivity
 * @param maxConnectionLifetime   close any (non-immortal) connection after this long
 * @param forceCloseGrace         after a graceful end (half-close), force the socket closed after this
 * @param gracefulShutdownTimeout how long stop() lets connections finish before forcing them closed
 * @param disableInactivityCheck  never close connections for inactivity
 * @param handshakeTimeout        how long a TLS handshake the proxy takes part in may last
 */
public record TimeoutsConfig(
        Duration initialDataTimeout,
        Duration socketTimeout,
        Duration inactivityTimeout,
        Duration inactivityCheckInterval,
        Duration maxConnectionLifetime,
        Duration forceCloseGrace,
        Duration gracefulShutdownTimeout,
        boolean disableInactivityCheck,
        Duration handshakeTimeout) {

    public static final Duration DEFAULT_INITIAL_DATA_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_INACTIVITY_CHECK_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_CONNECTION_LIFETIME = Duration.ofHours(24);
    public static final Duration DEFAULT_FORCE_CLOSE_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Longest duration any setting may have (ten years). Timers run in nanoseconds, which overflow
     * after 292 years; a bound far below that keeps every sum and multiple of them exact.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(3650);

    public TimeoutsConfig {
        requirePositive("initialDataTimeout", initialDataTimeout);
        requirePositive("socketTimeout", socketTimeout);
        requirePositive("inactivityTimeout", inactivityTimeout);
        requirePositive("inactivityCheckInterval", inactivityCheckInterval);
        requirePositive("maxConnectionLifetime", maxConnectionLifetime);
        requireNotNegative("forceCloseGrace", forceCloseGrace);
        requireNotNegative("gracefulShutdownTimeout", gracefulShutdownTimeout);
        requirePositive("handshakeTimeout", handshakeTimeout);
    }

    /** Every timer but the TLS handshake's, which gets its default. */
    public TimeoutsConfig(Duration initialDataTimeout, Duration socketTimeout, Duration inactivityTimeout,
                          Duration inactivityCheckInterval, Duration maxConnectionLifetime, Duration forceCloseGrace,
                          Duration gracefulShutdownTimeout, boolean disableInactivityCheck) {
        this(initialDataTimeout, socketTimeout, inactivityTimeout, inactivityCheckInterval, maxConnectionLifetime,
                forceCloseGrace, gracefulShutdownTimeout, disableInactivityCheck, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    public static TimeoutsConfig defaults() {
        return new TimeoutsConfig(DEFAULT_INITIAL_DATA_TIMEOUT, DEFAULT_SOCKET_TIMEOUT, DEFAULT_INACTIVITY_TIMEOUT,
                DEFAULT_INACTIVITY_CHECK_INTERVAL, DEFAULT_MAX_CONNECTION_LIFETIME, DEFAULT_FORCE_CLOSE_GRACE,
                DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT, false, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    // Withers: tests and embedders change one timer without repeating the other seven.
    public TimeoutsConfig withInitialDataTimeout(Duration d) {
        return new TimeoutsConfig(d, socketTimeout, inactivityTimeout, inactivityCheckInterval, maxConnectionLifetime,
                forceCloseGrace, gracefulShutdownTimeout, disableInactivityCheck, handshakeTimeout);
    }

    public TimeoutsConfig withSocketTimeout(Duration d) {
        return new TimeoutsConfig(initialDataTimeout, d, inactivityTimeout, inactivityCheckInterval, maxConnectionLifetime,
                forceCloseGrace, gracefulShutdownTimeout, disableInactivityCheck, handshakeTimeout);
    }

    public TimeoutsConfig withInactivityTimeout(Duration d) {
        return new TimeoutsConfig(initialDataTimeout, socketTimeout, d, inactivityCheckInterval, maxConnectionLifetime,
                forceCloseGrace, gracefulShutdownTimeout, disableInactivityCheck, handshakeTimeout);
    }

    public TimeoutsConfig withInactivityCheckInterval(Duration d) {
        return new TimeoutsConfig(initialDataTimeout, socketTimeout, inactivityTimeout, d, maxConnectionLifetime,
                forceCloseGrace, gracefulShutdownTimeout, disableInactivityCheck, handshakeTimeout);
    }

    public TimeoutsConfig withMaxConnectionLifetime(Duration d) {
        return new TimeoutsConfig(initialDataTimeout, socketTimeout, inactivityTimeout, inactivityCheckInterval, d,
                forceCloseGrace, gracefulShutdownTimeout, disableInactivityCheck, handshakeTimeout);
    }

    public TimeoutsConfig withForceCloseGrace(Duration d) {
        return new TimeoutsConfig(initialDataTimeout, socketTimeout, inactivityTimeout, inactivityCheckInterval,
                maxConnectionLifetime, d, gracefulShutdownTimeout, disableInactivityCheck, handshakeTimeout);
    }

    public TimeoutsConfig withGracefulShutdownTimeout(Duration d) {
        return new TimeoutsConfig(initialDataTimeout, socketTimeout, inactivityTimeout, inactivityCheckInterval,
                maxConnectionLifetime, forceCloseGrace, d, disableInactivityCheck, handshakeTimeout);
    }

    public TimeoutsConfig withDisableInactivityCheck(boolean disable) {
        return new TimeoutsConfig(initialDataTimeout, socketTimeout, inactivityTimeout, inactivityCheckInterval,
                maxConnectionLifetime, forceCloseGrace, gracefulShutdownTimeout, disable, handshakeTimeout);
    }

    public TimeoutsConfig withHandshakeTimeout(Duration d) {
        return new TimeoutsConfig(initialDataTimeout, socketTimeout, inactivityTimeout, inactivityCheckInterval,
                maxConnectionLifetime, forceCloseGrace, gracefulShutdownTimeout, disableInactivityCheck, d);
    }

    static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
        requireAtMostMax(name, d);
    }

    static void requireNotNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, not " + d);
        }
        requireAtMostMax(name, d);
    }

    static void requireAtMostMax(String name, Duration d) {
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + DurationParser.format(MAX_DURATION)
                    + ", not " + DurationParser.format(d));
        }
    }
}
