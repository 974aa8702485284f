package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.routing.RouteTable;
import dev.leakaudit.proxy.security.Decision;
import dev.leakaudit.proxy.security.SecurityGate;
import dev.leakaudit.proxy.tls.ClientHelloParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

/** The engine's routing policy: the route table, the security gate and the ClientHello parser. */
final class ComponentsRoutingPolicy implements RoutingPolicy {

    private final RouteTable routes;
    private final SecurityGate gate;

    private ComponentsRoutingPolicy(ProxyConfig config) {
        this.routes = new RouteTable(config.routes());
        this.gate = new SecurityGate(config.limits());
    }

    static ComponentsRoutingPolicy create(ProxyConfig config) {
        return new ComponentsRoutingPolicy(config);
    }

    SecurityGate gate() {
        return gate;
    }

    @Override
    public boolean portNeedsSni(int localPort) {
        return routes.portNeedsSni(localPort);
    }

    @Override
    public RouteConfig match(int localPort, String sni, InetAddress clientIp) {
        return routes.match(localPort, sni, clientIp).orElse(null);
    }

    @Override
    public Admission admit(InetSocketAddress client, RouteConfig routeOrNull) {
        dev.leakaudit.proxy.security.Admission a = gate.admit(client.getAddress(), routeOrNull);
        if (!a.admitted()) {
            return Admission.rejected(a.decision().reason());
        }
        return Admission.admitted(a::release, a);
    }

    @Override
    public String enterRoute(Admission admission, RouteConfig route) {
        Decision d = gate.enterRoute((dev.leakaudit.proxy.security.Admission) admission.handle(), route);
        return d.allowed() ? null : d.reason();
    }

    @Override
    public Map<InetAddress, Integer> connectionsByIp() {
        return gate.connectionsByClient();
    }

    @Override
    public Map<String, Integer> connectionsByRoute() {
        return gate.connectionsByRoute();
    }

    @Override
    public SniResult parseClientHello(ByteBuffer data) {
        return toSniResult(ClientHelloParser.parse(data));
    }

    @Override
    public HelloParser newHelloParser() {
        ClientHelloParser.Incremental parser = new ClientHelloParser.Incremental();
        return bytes -> toSniResult(parser.offer(bytes));
    }

    private static SniResult toSniResult(ClientHelloParser.Result r) {
        return switch (r.status()) {
            case NEED_MORE_DATA -> SniResult.NEED_MORE_DATA;
            case NOT_TLS -> SniResult.NOT_TLS;
            case MALFORMED -> SniResult.malformed(r.reason());
            case FOUND -> SniResult.found(r.sni());
        };
    }
}
