package dev.leakaudit.proxy.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network ("10.0.0.0/8", "2001:db8::/32") or a single address ("192.0.2.7", "::1").
 *
 * <p>IPv4-mapped IPv6 rules (::ffff:10.0.0.0/104) are turned into their IPv4 form (10.0.0.0/8), and
 * client addresses are normalised the same way, so a rule written either way matches an IPv4 client
 * whether it arrived on an IPv4 or a dual-stack socket. An IPv6 rule wide enough to cover the whole
 * mapped range (e.g. ::/0) therefore also matches IPv4 clients.
 *
 * <p>Host bits after the prefix are ignored: "10.1.2.3/8" is the network 10.0.0.0/8.
 */
public final class Cidr {

    private final byte[] network; // 4 or 16 bytes, host bits cleared
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        clearHostBits(this.network, prefixLength);
    }

    /**
     * Parses "address" or "address/prefix".
     *
     * @throws IllegalArgumentException with a message fit to show the user
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty string is not an IP address or CIDR");
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = IpAddresses.parseLiteral(addressPart).orElse(null);
        if (address == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR");
        }
        boolean writtenAsIpv6 = addressPart.indexOf(':') >= 0;
        int writtenBits = writtenAsIpv6 ? 128 : 32;
        int prefix = writtenBits;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("\"" + text + "\" has an invalid prefix length");
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > writtenBits) {
                throw new IllegalArgumentException("\"" + text + "\" has a prefix length over " + writtenBits);
            }
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address && writtenAsIpv6) {
            // Written as ::ffff:a.b.c.d/p. With p >= 96 it is an IPv4 network; a shorter prefix reaches
            // beyond the mapped range and stays an IPv6 network.
            if (prefix >= 96) {
                return new Cidr(bytes, prefix - 96);
            }
            return new Cidr(IpAddresses.mappedBytes(bytes), prefix);
        }
        return new Cidr(bytes, prefix);
    }

    /** True when the (normalised) address lies in this network. */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] candidate = IpAddresses.normalise(address).getAddress();
        if (candidate.length != network.length) {
            if (candidate.length == 4 && network.length == 16) {
                candidate = IpAddresses.mappedBytes(candidate);
            } else {
                return false; // an IPv4 rule never matches a real IPv6 address
            }
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public int prefixLength() {
        return prefixLength;
    }

    private static void clearHostBits(byte[] bytes, int prefix) {
        for (int i = 0; i < bytes.length; i++) {
            int bitsInThisByte = Math.max(0, Math.min(8, prefix - i * 8));
            int mask = bitsInThisByte == 0 ? 0 : (0xff << (8 - bitsInThisByte)) & 0xff;
            bytes[i] = (byte) (bytes[i] & mask);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && prefixLength == other.prefixLength && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefixLength, Arrays.hashCode(network));
    }

    /** Canonical form, always with the prefix: "10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32". */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
