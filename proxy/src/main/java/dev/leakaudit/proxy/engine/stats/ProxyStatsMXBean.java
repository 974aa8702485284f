package dev.leakaudit.proxy.engine.stats;

import java.util.Map;

/**
 * The proxy's statistics over JMX. Registered by {@code ProxyServer.start()} under
 * {@code dev.leakaudit.proxy:type=ProxyServer,name=<instance>} and unregistered by {@code stop()}.
 */
public interface ProxyStatsMXBean {

    int getActiveConnections();

    long getAcceptedConnections();

    long getRoutedConnections();

    long getRejectedConnections();

    long getClosedConnections();

    long getBytesFromClients();

    long getBytesToClients();

    Map<String, Long> getIncomingTerminations();

    Map<String, Long> getOutgoingTerminations();

    int getListeningPorts();
}
