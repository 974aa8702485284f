package dev.leakaudit.proxy.net;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAddressesTest {

    @Test
    void mappedAddressBecomesIpv4() throws Exception {
        byte[] mapped = IpAddresses.mappedBytes(new byte[]{(byte) 192, 0, 2, 1});
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        InetAddress normal = IpAddresses.normalise(v6);
        assertTrue(normal instanceof Inet4Address);
        assertEquals("192.0.2.1", normal.getHostAddress());
    }

    @Test
    void scopeIdIsDroppedSoOneClientIsOneKey() throws Exception {
        byte[] linkLocal = IpAddresses.parseLiteral("fe80::1").orElseThrow().getAddress();
        InetAddress scoped = Inet6Address.getByAddress(null, linkLocal, 5);
        InetAddress normal = IpAddresses.normalise(scoped);
        assertEquals(0, ((Inet6Address) normal).getScopeId());
        assertEquals(IpAddresses.normalise(Inet6Address.getByAddress(null, linkLocal, 7)), normal);
    }

    @Test
    void literalsOnlyNeverHostNames() {
        assertTrue(IpAddresses.parseLiteral("localhost").isEmpty());
        assertTrue(IpAddresses.parseLiteral("example.com").isEmpty());
        assertTrue(IpAddresses.parseLiteral("1.2.3").isEmpty());
        assertTrue(IpAddresses.parseLiteral("").isEmpty());
        assertTrue(IpAddresses.parseLiteral(null).isEmpty());
        assertTrue(IpAddresses.parseLiteral("::g").isEmpty());
        assertEquals("127.0.0.1", IpAddresses.parseLiteral("127.0.0.1").orElseThrow().getHostAddress());
    }

    @Test
    void nullIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.normalise(null));
    }
}
