package dev.leakaudit.proxy.security;

import dev.leakaudit.proxy.config.RouteSecurity;
import dev.leakaudit.proxy.net.Cidr;
import dev.leakaudit.proxy.net.IpAddresses;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessRulesTest {

    private static InetAddress ip(String s) {
        return IpAddresses.parseLiteral(s).orElseThrow();
    }

    private static List<Cidr> cidrs(String... s) {
        return java.util.Arrays.stream(s).map(Cidr::parse).toList();
    }

    @Test
    void emptyRulesAllowEverybody() {
        assertTrue(AccessRules.allowAll().permits(ip("203.0.113.9")));
        assertTrue(AccessRules.of(RouteSecurity.open()).permits(ip("::1")));
        assertTrue(AccessRules.of(null).permits(ip("::1")));
    }

    @Test
    void allowListIsExclusive() {
        AccessRules rules = new AccessRules(cidrs("10.0.0.0/8", "2001:db8::/32"), List.of());
        assertTrue(rules.permits(ip("10.2.3.4")));
        assertTrue(rules.permits(ip("2001:db8::9")));
        assertFalse(rules.permits(ip("192.0.2.1")));
    }

    @Test
    void blockWinsOverAllow() {
        AccessRules rules = new AccessRules(cidrs("10.0.0.0/8"), cidrs("10.66.0.0/16"));
        assertTrue(rules.permits(ip("10.65.0.1")));
        assertFalse(rules.permits(ip("10.66.0.1")));
        AccessRules blockOnly = new AccessRules(List.of(), cidrs("192.0.2.7"));
        assertFalse(blockOnly.permits(ip("192.0.2.7")));
        assertTrue(blockOnly.permits(ip("192.0.2.8")));
    }

    @Test
    void blockAppliesToMappedAddresses() {
        AccessRules rules = new AccessRules(List.of(), cidrs("192.0.2.0/24"));
        assertFalse(rules.permits(ip("::ffff:192.0.2.1")));
    }

    @Test
    void unknownClientIsNotPermitted() {
        assertFalse(AccessRules.allowAll().permits(null));
    }
}
