package dev.leakaudit.proxy.proxyprotocol;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * A PROXY protocol header as received: where the connection really came from and went to, as the
 * upstream proxy saw it, or nothing when the upstream speaks for itself (v2 LOCAL, v1 UNKNOWN, an
 * address family that is not IP).
 *
 * @param length the header's bytes on the wire
 */
public record ProxyHeader(int version, InetSocketAddress source, InetSocketAddress destination, List<Tlv> tlvs,
                          int length) {

    public ProxyHeader {
        tlvs = List.copyOf(tlvs);
        if ((source == null) != (destination == null)) {
            throw new IllegalArgumentException("source and destination go together");
        }
    }

    /** True when the header names the client (a PROXY command for TCP over IPv4 or IPv6). */
    public boolean hasAddresses() {
        return source != null;
    }

    public Optional<Tlv> tlv(int type) {
        return tlvs.stream().filter(t -> t.type() == type).findFirst();
    }
}
