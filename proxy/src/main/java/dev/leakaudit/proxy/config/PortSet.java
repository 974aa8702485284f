package dev.leakaudit.proxy.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The local ports a route listens on: single ports, lists and ranges ("443", "80,443", "8000-8010").
 * Every port in the set is a socket the proxy opens, so one range may hold at most
 * {@value #MAX_RANGE_SIZE} ports: a typo like "1-65535" should fail loudly, not open 65535 sockets.
 */
public final class PortSet {

    public static final int MAX_RANGE_SIZE = 1024;

    private final int[] sortedPorts; // distinct, ascending

    private PortSet(int[] sortedPorts) {
        this.sortedPorts = sortedPorts;
    }

    public static PortSet of(int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("a port set must not be empty");
        }
        for (int p : ports) {
            Ports.requireValid(p);
        }
        return new PortSet(Arrays.stream(ports).distinct().sorted().toArray());
    }

    /** Inclusive range; at most {@value #MAX_RANGE_SIZE} ports. */
    public static PortSet range(int first, int last) {
        Ports.requireValid(first);
        Ports.requireValid(last);
        if (first > last) {
            throw new IllegalArgumentException("\"" + first + "-" + last + "\" is not a valid port range");
        }
        if (last - first + 1 > MAX_RANGE_SIZE) {
            throw new IllegalArgumentException("\"" + first + "-" + last + "\" spans " + (last - first + 1)
                    + " ports, more than " + MAX_RANGE_SIZE);
        }
        int[] ports = new int[last - first + 1];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = first + i;
        }
        return new PortSet(ports);
    }

    /** Parses a comma separated list of ports and ranges: "80, 443, 8000-8010". */
    public static PortSet parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty string is not a port list");
        }
        List<PortSet> parts = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            parts.add(parseItem(item.trim(), text));
        }
        return union(parts);
    }

    private static PortSet parseItem(String item, String whole) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException("\"" + whole + "\" has an empty entry");
        }
        int dash = item.indexOf('-');
        if (dash < 0) {
            return of(Ports.parse(item));
        }
        try {
            return range(Ports.parse(item.substring(0, dash)), Ports.parse(item.substring(dash + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + item + "\" is not a valid port range", e);
        }
    }

    public static PortSet union(List<PortSet> sets) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("a port set must not be empty");
        }
        return new PortSet(sets.stream().flatMapToInt(s -> Arrays.stream(s.sortedPorts)).distinct().sorted().toArray());
    }

    public boolean contains(int port) {
        return Arrays.binarySearch(sortedPorts, port) >= 0;
    }

    /** Every port to listen on, ascending, without duplicates. */
    public List<Integer> ports() {
        return Arrays.stream(sortedPorts).boxed().toList();
    }

    public int size() {
        return sortedPorts.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet other && Arrays.equals(sortedPorts, other.sortedPorts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sortedPorts);
    }

    /** Compact form with ranges folded back: "80,443,8000-8010"; {@link #parse} reads it back. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sortedPorts.length) {
            int j = i;
            while (j + 1 < sortedPorts.length && sortedPorts[j + 1] == sortedPorts[j] + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(sortedPorts[i]);
            if (j > i) {
                sb.append('-').append(sortedPorts[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
