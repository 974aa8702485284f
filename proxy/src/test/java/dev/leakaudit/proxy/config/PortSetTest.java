package dev.leakaudit.proxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortSetTest {

    @Test
    void listsAndRangesAreMergedSortedAndDistinct() {
        PortSet set = PortSet.parse("8003, 443,8000-8003 ,80");
        assertEquals(List.of(80, 443, 8000, 8001, 8002, 8003), set.ports());
        assertTrue(set.contains(8001));
        assertFalse(set.contains(8004));
        assertFalse(set.contains(0));
        assertEquals("80,443,8000-8003", set.toString());
        assertEquals(set, PortSet.parse(set.toString()));
    }

    @Test
    void rangeOfExactlyTheMaximumSizeIsAllowed() {
        PortSet set = PortSet.range(1, PortSet.MAX_RANGE_SIZE);
        assertEquals(PortSet.MAX_RANGE_SIZE, set.size());
        assertEquals(PortSet.MAX_RANGE_SIZE, set.ports().size());
    }

    @Test
    void rangeOverTheMaximumIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortSet.parse("1-65535"));
        assertTrue(e.getMessage().contains("1-65535"), e.getMessage());
    }

    @Test
    void reversedRangeIsNamedInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortSet.parse("80-70"));
        assertEquals("\"80-70\" is not a valid port range", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "65536", "a", "80,", ",80", "80-", "-80", "80-90-100", "8 0", "80;443", "1e3"})
    void rejectsBadInput(String text) {
        assertThrows(IllegalArgumentException.class, () -> PortSet.parse(text));
    }

    @Test
    void emptyOfIsRejected() {
        assertThrows(IllegalArgumentException.class, PortSet::of);
        assertThrows(IllegalArgumentException.class, () -> PortSet.union(List.of()));
    }
}
