package dev.leakaudit.proxy.config;

import dev.leakaudit.proxy.net.Cidr;
import java.net.InetAddress;
import java.util.List;

/**
 * PROXY protocol headers accepted from upstream proxies: connections from {@code trustedUpstreams}
 * must start with one (v1 or v2), and its client address is the connection's from then on (for the
 * security gate, routing by client address, the logs and headers sent on); from anyone else a
 * header ends the connection. Empty: no header is accepted, and none is looked for.
 */
public record ProxyProtocolConfig(List<Cidr> trustedUpstreams) {

    private static final ProxyProtocolConfig NONE = new ProxyProtocolConfig(List.of());

    public ProxyProtocolConfig {
        trustedUpstreams = trustedUpstreams == null ? List.of() : List.copyOf(trustedUpstreams);
    }

    public static ProxyProtocolConfig none() {
        return NONE;
    }

    public boolean enabled() {
        return !trustedUpstreams.isEmpty();
    }

    public boolean trusts(InetAddress peer) {
        for (Cidr c : trustedUpstreams) {
            if (c.contains(peer)) {
                return true;
            }
        }
        return false;
    }
}
