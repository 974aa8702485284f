package dev.leakaudit.proxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortTest {

    @Test
    void parsesNameIpv4AndBracketedIpv6() {
        assertEquals(new HostPort("backend.internal", 8080), HostPort.parse("backend.internal:8080"));
        assertEquals(new HostPort("10.0.0.1", 1), HostPort.parse("10.0.0.1:1"));
        assertEquals(new HostPort("2001:db8::1", 65535), HostPort.parse("[2001:db8::1]:65535"));
    }

    @Test
    void toStringReadsBack() {
        for (String s : new String[]{"a:1", "[::1]:443", "10.0.0.1:80"}) {
            assertEquals(s, HostPort.parse(s).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host", "host:", ":80", "host:0", "host:65536", "host:-1", "host:8o",
            "::1:443", "[::1]", "[::1]443", "[::1:443", "[host]:80", "ho st:80", "host:+80", "host:99999999999"})
    void rejectsBadInput(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
        assertTrue(e.getMessage().length() > 5, e.getMessage());
    }

    @Test
    void constructorChecksPort() {
        assertThrows(IllegalArgumentException.class, () -> new HostPort("a", 0));
        assertThrows(NullPointerException.class, () -> new HostPort(null, 80));
    }
}
