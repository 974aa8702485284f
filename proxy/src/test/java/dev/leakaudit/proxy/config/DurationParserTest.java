package dev.leakaudit.proxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationParserTest {

    @Test
    void parsesEveryUnit() {
        assertEquals(Duration.ofMillis(500), DurationParser.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), DurationParser.parse("30s"));
        assertEquals(Duration.ofMinutes(5), DurationParser.parse("5m"));
        assertEquals(Duration.ofHours(1), DurationParser.parse(" 1h "));
        assertEquals(Duration.ofDays(2), DurationParser.parse("2D"));
        assertEquals(Duration.ZERO, DurationParser.parse("0s"));
    }

    @Test
    void formatIsTheShortestExactForm() {
        assertEquals("90s", DurationParser.format(Duration.ofSeconds(90)));
        assertEquals("5m", DurationParser.format(Duration.ofMinutes(5)));
        assertEquals("1500ms", DurationParser.format(Duration.ofMillis(1500)));
        assertEquals("0ms", DurationParser.format(Duration.ZERO));
        assertEquals("1d", DurationParser.format(Duration.ofHours(24)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "s", "-5s", "1.5s", "5 minutes", "1m30s", "10us", "9999999999999s"})
    void rejectsBadInput(String text) {
        assertThrows(IllegalArgumentException.class, () -> DurationParser.parse(text));
    }
}
