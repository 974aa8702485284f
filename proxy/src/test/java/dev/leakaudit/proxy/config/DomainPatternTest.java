package dev.leakaudit.proxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainPatternTest {

    @Test
    void exactMatchIgnoresCaseAndTrailingDot() {
        DomainPattern p = DomainPattern.parse("Example.COM");
        assertTrue(p.matches("example.com"));
        assertTrue(p.matches("EXAMPLE.com."));
        assertFalse(p.matches("www.example.com"));
        assertFalse(p.matches("example.co"));
        assertFalse(p.matches(null));
        assertFalse(p.matches(""));
        assertEquals("example.com", p.toString());
    }

    @Test
    void wildcardMatchesOneOrMoreLabelsButNotTheApex() {
        DomainPattern p = DomainPattern.parse("*.example.com");
        assertTrue(p.matches("a.example.com"));
        assertTrue(p.matches("a.b.example.com"));
        assertTrue(p.matches("WWW.Example.Com"));
        assertFalse(p.matches("example.com"));
        assertFalse(p.matches("badexample.com"));
        assertFalse(p.matches(".example.com"));
        assertFalse(p.matches("example.com.evil.net"));
    }

    @Test
    void starAloneMatchesAnyNameButNotAMissingSni() {
        DomainPattern p = DomainPattern.parse("*");
        assertTrue(p.matches("anything.test"));
        assertFalse(p.matches(null));
    }

    @Test
    void unicodeNamesAreStoredInTheirAsciiForm() {
        DomainPattern p = DomainPattern.parse("*.bücher.example");
        assertEquals("*.xn--bcher-kva.example", p.toString());
        assertTrue(p.matches("shop.xn--bcher-kva.example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "*example.com", "a.*.example.com", "**.example.com", "*.", "a..b",
            "exa mple.com", "-.com/x", "ex_ample.com"})
    void rejectsBadPatterns(String text) {
        assertThrows(IllegalArgumentException.class, () -> DomainPattern.parse(text));
    }

    @Test
    void rejectsOverlongLabel() {
        assertThrows(IllegalArgumentException.class, () -> DomainPattern.parse("a".repeat(64) + ".com"));
    }
}
