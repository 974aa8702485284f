package dev.leakaudit.proxy.engine.events;

/**
 * What a {@link ProxyListener} learns about a connection.
 *
 * @param id          connection id, unique within the server
 * @param client      client address as {@code ip:port}
 * @param localPort   the proxy port the client connected to
 * @param route       route name, or null before routing
 * @param sni         server name from the ClientHello, or null
 * @param reason      termination or rejection reason code, or null while open
 * @param detail      more about the reason (the TLS alert of a failed handshake), or null
 * @param durationMillis  time since accept
 * @param bytesFromClient bytes read from the client
 * @param bytesToClient   bytes written to the client
 */
public record ConnectionEvent(long id, String client, int localPort, String route, String sni,
                              String reason, String detail, long durationMillis, long bytesFromClient,
                              long bytesToClient) {
}
