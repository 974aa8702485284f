package dev.leakaudit.proxy.routing;

import dev.leakaudit.proxy.config.BridgeAction;
import dev.leakaudit.proxy.config.DomainPattern;
import dev.leakaudit.proxy.config.PortSet;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.RouteMatch;
import dev.leakaudit.proxy.config.RouteSecurity;
import dev.leakaudit.proxy.net.Cidr;
import dev.leakaudit.proxy.net.IpAddresses;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {

    private static final InetAddress CLIENT = ip("198.51.100.7");
    private static final InetAddress OFFICE = ip("10.1.2.3");

    private static InetAddress ip(String s) {
        return IpAddresses.parseLiteral(s).orElseThrow();
    }

    private static RouteConfig route(String name, int priority, String ports, List<String> domains, List<String> clients) {
        RouteMatch match = new RouteMatch(PortSet.parse(ports),
                domains.stream().map(DomainPattern::parse).toList(),
                clients.stream().map(Cidr::parse).toList());
        return new RouteConfig(name, priority, match, new BridgeAction(8080), RouteSecurity.open());
    }

    private static String matched(RouteTable table, int port, String sni, InetAddress client) {
        return table.match(port, sni, client).map(RouteConfig::name).orElse("none");
    }

    @Test
    void highestPriorityWins() {
        RouteTable table = new RouteTable(List.of(
                route("low", 1, "443", List.of("*.example.com"), List.of()),
                route("high", 5, "443", List.of("api.example.com"), List.of())));
        assertEquals("high", matched(table, 443, "api.example.com", CLIENT));
        assertEquals("low", matched(table, 443, "www.example.com", CLIENT));
    }

    @Test
    void equalPrioritiesKeepFileOrder() {
        RouteConfig first = route("first", 3, "443", List.of("*.example.com"), List.of());
        RouteConfig second = route("second", 3, "443", List.of("a.example.com"), List.of());
        assertEquals("first", matched(new RouteTable(List.of(first, second)), 443, "a.example.com", CLIENT));
        assertEquals("second", matched(new RouteTable(List.of(second, first)), 443, "a.example.com", CLIENT));
    }

    @Test
    void portNeedsSniOnlyWhenAnyRouteOnItLooksAtDomains() {
        RouteTable table = new RouteTable(List.of(
                route("tls", 0, "443,8443", List.of("example.com"), List.of()),
                route("fallback", -1, "443", List.of(), List.of()),
                route("tcp", 0, "2222", List.of(), List.of("10.0.0.0/8"))));
        assertTrue(table.portNeedsSni(443));
        assertTrue(table.portNeedsSni(8443));
        assertFalse(table.portNeedsSni(2222));
        assertFalse(table.portNeedsSni(9999));
        assertEquals(List.of(443, 2222, 8443), table.listenPorts());
    }

    @Test
    void missingSniOnlyMatchesRoutesWithoutDomains() {
        RouteTable table = new RouteTable(List.of(
                route("tls", 10, "443", List.of("*"), List.of()),
                route("fallback", 0, "443", List.of(), List.of())));
        assertEquals("tls", matched(table, 443, "anything.test", CLIENT));
        assertEquals("fallback", matched(table, 443, null, CLIENT));
    }

    @Test
    void clientNetworksRestrictARoute() {
        RouteTable table = new RouteTable(List.of(
                route("office", 10, "22", List.of(), List.of("10.0.0.0/8", "2001:db8::/32")),
                route("others", 0, "22", List.of(), List.of())));
        assertEquals("office", matched(table, 22, null, OFFICE));
        assertEquals("office", matched(table, 22, null, ip("2001:db8::5")));
        assertEquals("others", matched(table, 22, null, CLIENT));
    }

    @Test
    void noMatchIsEmpty() {
        RouteTable table = new RouteTable(List.of(route("only", 0, "443", List.of("example.com"), List.of())));
        assertEquals(Optional.empty(), table.match(443, "other.com", CLIENT));
        assertEquals(Optional.empty(), table.match(443, null, CLIENT));
        assertEquals(Optional.empty(), table.match(80, "example.com", CLIENT));
        assertEquals(List.of(), new RouteTable(List.of()).listenPorts());
    }

    @Test
    void rangesAndListsRouteEveryPort() {
        RouteTable table = new RouteTable(List.of(route("r", 0, "8000-8002,9000", List.of(), List.of())));
        for (int port : Arrays.asList(8000, 8001, 8002, 9000)) {
            assertEquals("r", matched(table, port, null, CLIENT));
        }
        assertEquals("none", matched(table, 8003, null, CLIENT));
    }
}
