package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.routing.RouteTable;
import dev.leakaudit.proxy.security.Decision;
import dev.leakaudit.proxy.security.SecurityGate;
import dev.leakaudit.proxy.tls.CertificateReload;
import dev.leakaudit.proxy.tls.ClientHelloParser;
import dev.leakaudit.proxy.tls.RouteTls;
import dev.leakaudit.proxy.tls.TlsFileException;
import dev.leakaudit.proxy.tls.TlsRoutes;
import java.util.List;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

/** The engine's routing policy: the route table, the security gate and the ClientHello parser. */
final class ComponentsRoutingPolicy implements RoutingPolicy {

    private final RouteTable routes;
    private final SecurityGate gate;
    private final TlsRoutes tls;
    private final dev.leakaudit.proxy.config.LimitsConfig limits;

    private ComponentsRoutingPolicy(ProxyConfig config, SecurityGate gate, TlsRoutes tls) {
        this.routes = new RouteTable(config.routes());
        this.gate = gate;
        this.tls = tls;
        this.limits = config.limits();
    }

    /** Reads the certificates of every terminating route; a bad file is a {@link TlsFileException}. */
    static ComponentsRoutingPolicy create(ProxyConfig config) throws TlsFileException {
        return new ComponentsRoutingPolicy(config, new SecurityGate(config.limits()), TlsRoutes.load(config.routes()));
    }

    /**
     * The routes and certificates of {@code config}, with this policy's security gate: its live
     * counts stay (connections admitted before the reload are still counted), and its limits
     * change when the new policy is put in force ({@link #activate}).
     */
    @Override
    public ComponentsRoutingPolicy reload(ProxyConfig config) throws TlsFileException {
        return new ComponentsRoutingPolicy(config, gate, TlsRoutes.load(config.routes()));
    }

    @Override
    public void activate() {
        gate.updateLimits(limits);
    }

    @Override
    public RouteTls tls(RouteConfig route) {
        return tls.of(route);
    }

    @Override
    public List<CertificateReload> reloadChangedCertificates() {
        return tls.reloadChangedCertificates();
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
