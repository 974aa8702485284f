package dev.leakaudit.proxy.config;

/**
 * Global admission limits; 0 means unlimited for the three connection limits.
 *
 * @param maxConnections               live connections in the whole proxy
 * @param maxConnectionsPerIP          live connections from one client address
 * @param connectionRateLimitPerMinute new connections one client address may open per minute
 * @param maxPendingDataSize           bytes buffered per connection direction before reading from the
 *                                     sender pauses (back-pressure, never an unbounded queue)
 */
public record LimitsConfig(int maxConnections, int maxConnectionsPerIP, int connectionRateLimitPerMinute,
                           int maxPendingDataSize) {

    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    // Per-client limits are opt-in: a port forward must not throttle the one client that every
    // benchmark and many real deployments (a load balancer, a sidecar) are. CONFIG.md gives values.
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 0;
    public static final int DEFAULT_CONNECTION_RATE_LIMIT_PER_MINUTE = 0;
    public static final int DEFAULT_MAX_PENDING_DATA_SIZE = 1024 * 1024;

    public LimitsConfig {
        requireNotNegative("maxConnections", maxConnections);
        requireNotNegative("maxConnectionsPerIP", maxConnectionsPerIP);
        requireNotNegative("connectionRateLimitPerMinute", connectionRateLimitPerMinute);
        if (maxPendingDataSize < 1) {
            throw new IllegalArgumentException("maxPendingDataSize must be at least 1 byte, not " + maxPendingDataSize);
        }
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP,
                DEFAULT_CONNECTION_RATE_LIMIT_PER_MINUTE, DEFAULT_MAX_PENDING_DATA_SIZE);
    }

    /** No admission limits at all; handy for tests that open many connections quickly. */
    public static LimitsConfig unlimited() {
        return new LimitsConfig(0, 0, 0, DEFAULT_MAX_PENDING_DATA_SIZE);
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 (unlimited) or more, not " + value);
        }
    }
}
