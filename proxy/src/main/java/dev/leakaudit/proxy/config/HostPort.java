package dev.leakaudit.proxy.config;

import java.util.Objects;

/**
 * A backend address: a host name or IP literal plus a port. The host is kept as written and resolved
 * by the engine when it connects, so a DNS change is picked up without a restart.
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (host.startsWith("[") || host.endsWith("]")) {
            throw new IllegalArgumentException("host must be given without brackets: " + host);
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/' || c == '@') {
                throw new IllegalArgumentException("\"" + host + "\" is not a valid host");
            }
        }
        Ports.requireValid(port);
    }

    /**
     * Parses "host:port", "192.0.2.1:80" or "[2001:db8::1]:443". An IPv6 literal must be in brackets,
     * otherwise its last group could not be told from the port.
     */
    public static HostPort parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty string is not a host:port");
        }
        String s = text.trim();
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("\"" + text + "\" is not a valid [ipv6]:port");
            }
            host = s.substring(1, close);
            portText = s.substring(close + 2);
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("\"" + text + "\": brackets are only for IPv6 addresses");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("\"" + text + "\" has no port (expected host:port)");
            }
            if (s.indexOf(':') != colon) {
                throw new IllegalArgumentException("\"" + text + "\": put an IPv6 address in brackets, e.g. [::1]:443");
            }
            host = s.substring(0, colon);
            portText = s.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("\"" + text + "\" has no host");
        }
        try {
            return new HostPort(host, Ports.parse(portText));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\": " + e.getMessage(), e);
        }
    }

    /** "host:port", with brackets around an IPv6 literal; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
