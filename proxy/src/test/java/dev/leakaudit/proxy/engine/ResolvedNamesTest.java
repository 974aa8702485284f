package dev.leakaudit.proxy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Backend names: looked up once per time-to-live, then connected from the loop directly. */
class ResolvedNamesTest extends ProxyTestSupport {

    @Test
    void aFreshLookupIsKeptForItsTimeToLiveAndAFailedOneNot() {
        AtomicLong now = new AtomicLong(-50); // the clock may be negative
        ResolvedNames names = new ResolvedNames(100, now::get);
        HostPort target = new HostPort("backend.test", 80);
        InetSocketAddress address = new InetSocketAddress(LOOPBACK, 80);
        names.put(target, address);
        now.addAndGet(99);
        assertEquals(address, names.get(target));
        now.addAndGet(1);
        assertNull(names.get(target), "expired");
        names.put(target, InetSocketAddress.createUnresolved("backend.test", 80));
        assertNull(names.get(target), "a failed lookup is not kept");
        ResolvedNames keepNothing = new ResolvedNames(0, now::get);
        keepNothing.put(target, address);
        assertNull(keepNothing.get(target), "networkaddress.cache.ttl=0 keeps nothing");
    }

    @Test
    void aNameTargetIsLookedUpOnceForConsecutiveConnections() throws Exception {
        ServerSocket backend = backend();
        String name = LOOPBACK.getHostName(); // "localhost": a name, not a literal
        ProxyServer proxy = startProxy(p -> config(List.of(route("r", p,
                new ForwardAction(new HostPort(name, backend.getLocalPort()), false)))));
        for (int i = 0; i < 3; i++) {
            try (Socket client = connect(proxy); Socket server = accept(backend)) {
                client.getOutputStream().write(i);
                assertEquals(i, server.getInputStream().read());
            }
        }
        awaitClosed(proxy, 3);
        assertEquals(1, proxy.connectionManager().connector.lookups(), "one lookup for three connections");
    }
}
