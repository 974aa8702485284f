package dev.leakaudit.proxy.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {

    private static InetAddress ip(String literal) {
        return IpAddresses.parseLiteral(literal).orElseThrow();
    }

    /** An IPv4-mapped address as a dual-stack socket reports it: an Inet6Address, not converted. */
    private static InetAddress mappedAsInet6(String ipv4) throws UnknownHostException {
        byte[] v4 = ip(ipv4).getAddress();
        return Inet6Address.getByAddress(null, IpAddresses.mappedBytes(v4), -1);
    }

    @Test
    void ipv4NetworkContainsItsAddressesOnly() {
        Cidr net = Cidr.parse("10.0.0.0/8");
        assertTrue(net.contains(ip("10.0.0.1")));
        assertTrue(net.contains(ip("10.255.255.255")));
        assertFalse(net.contains(ip("11.0.0.0")));
        assertFalse(net.contains(ip("9.255.255.255")));
    }

    @Test
    void prefixNotOnAByteBoundary() {
        Cidr net = Cidr.parse("192.168.4.0/22");
        assertTrue(net.contains(ip("192.168.7.200")));
        assertFalse(net.contains(ip("192.168.8.0")));
        assertFalse(net.contains(ip("192.168.3.255")));
    }

    @Test
    void singleAddressesAreFullLengthPrefixes() {
        assertTrue(Cidr.parse("192.0.2.7").contains(ip("192.0.2.7")));
        assertFalse(Cidr.parse("192.0.2.7").contains(ip("192.0.2.8")));
        assertTrue(Cidr.parse("::1").contains(ip("::1")));
        assertEquals(128, Cidr.parse("2001:db8::1").prefixLength());
    }

    @Test
    void ipv6Network() {
        Cidr net = Cidr.parse("2001:db8::/32");
        assertTrue(net.contains(ip("2001:db8:ffff::1")));
        assertFalse(net.contains(ip("2001:db9::1")));
        assertFalse(net.contains(ip("10.0.0.1")));
    }

    @Test
    void ipv4RuleMatchesMappedClientAddress() throws Exception {
        Cidr net = Cidr.parse("10.0.0.0/8");
        InetAddress mapped = mappedAsInet6("10.1.2.3");
        assertTrue(mapped instanceof Inet6Address, "precondition: the JDK kept it as IPv6");
        assertTrue(net.contains(mapped));
        assertFalse(net.contains(mappedAsInet6("11.1.2.3")));
    }

    @Test
    void mappedRuleIsNormalisedToIpv4() {
        Cidr rule = Cidr.parse("::ffff:10.0.0.0/104");
        assertTrue(rule.isIpv4());
        assertEquals(Cidr.parse("10.0.0.0/8"), rule);
        assertTrue(rule.contains(ip("10.9.9.9")));
        assertEquals(Cidr.parse("1.2.3.4"), Cidr.parse("::ffff:1.2.3.4"));
    }

    @Test
    void ipv6RuleCoveringTheMappedRangeMatchesIpv4Clients() {
        assertTrue(Cidr.parse("::/0").contains(ip("192.0.2.1")));
        assertFalse(Cidr.parse("2001:db8::/32").contains(ip("192.0.2.1")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("::ffff:8.8.8.8")));
    }

    @Test
    void hostBitsAreIgnoredAndToStringIsCanonical() {
        assertEquals("10.0.0.0/8", Cidr.parse("10.1.2.3/8").toString());
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse(" 10.1.2.3/8 "));
        assertEquals("0.0.0.0/0", Cidr.parse("1.2.3.4/0").toString());
    }

    @Test
    void scopedClientAddressIsCompared() throws Exception {
        InetAddress scoped = Inet6Address.getByAddress(null, ip("fe80::1").getAddress(), 3);
        assertTrue(Cidr.parse("fe80::/10").contains(scoped));
    }

    @Test
    void nullAddressIsNotContained() {
        assertFalse(Cidr.parse("0.0.0.0/0").contains(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.256", "010.0.0.1",
            "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "example.com", "localhost", "fe80::1%eth0",
            "1.2.3.4/a", "[::1]", "::ffff:1.2.3.4/129", "1.2.3.4.5"})
    void rejectsBadInput(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(null));
    }
}
