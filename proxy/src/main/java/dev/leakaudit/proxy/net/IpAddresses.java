package dev.leakaudit.proxy.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Helpers for IP address literals. Nothing here ever performs a DNS lookup: configuration rules and
 * client addresses are compared as numbers, and a host name in a rule is a mistake, not a query.
 */
public final class IpAddresses {

    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private IpAddresses() {
    }

    /**
     * The address a rule or a counter should see: an IPv4-mapped IPv6 address (::ffff:1.2.3.4, what a
     * dual-stack socket reports for an IPv4 client) becomes the plain IPv4 address, and an IPv6 scope id
     * is dropped, so one client is always one key.
     */
    public static InetAddress normalise(InetAddress address) {
        if (address == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        if (address instanceof Inet4Address) {
            return address;
        }
        byte[] bytes = address.getAddress();
        try {
            if (isMapped(bytes)) {
                return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
            }
            Inet6Address v6 = (Inet6Address) address;
            if (v6.getScopeId() != 0 || v6.getScopedInterface() != null) {
                return InetAddress.getByAddress(bytes);
            }
            return address;
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible); // only thrown for bad array lengths
        }
    }

    /** The 16 bytes of the IPv4-mapped form of an IPv4 address (::ffff:a.b.c.d). */
    static byte[] mappedBytes(byte[] ipv4) {
        byte[] out = Arrays.copyOf(MAPPED_PREFIX, 16);
        System.arraycopy(ipv4, 0, out, 12, 4);
        return out;
    }

    static boolean isMapped(byte[] bytes) {
        return bytes.length == 16 && Arrays.equals(bytes, 0, 12, MAPPED_PREFIX, 0, 12);
    }

    /**
     * Parses an IPv4 or IPv6 literal (without brackets, without a scope id) and never a host name.
     * The result is normalised (see {@link #normalise}).
     */
    public static Optional<InetAddress> parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (text.indexOf(':') >= 0) {
                // Only hex digits, colons and (for an embedded IPv4 tail) dots: then getByName cannot
                // do a lookup, it parses the literal.
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                        return Optional.empty();
                    }
                }
                return Optional.of(normalise(InetAddress.getByName(text)));
            }
            byte[] v4 = parseIpv4(text);
            return v4 == null ? Optional.empty() : Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Strict dotted quad: four decimal parts 0..255, no leading zeros (they mean octal elsewhere). */
    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            out[i] = (byte) value;
        }
        return out;
    }
}
