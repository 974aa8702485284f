package dev.leakaudit.proxy.config;

/** TCP port number checks shared by the configuration types. */
final class Ports {

    static final int MIN = 1;
    static final int MAX = 65535;

    private Ports() {
    }

    static int requireValid(int port) {
        if (port < MIN || port > MAX) {
            throw new IllegalArgumentException(port + " is not a valid port (1..65535)");
        }
        return port;
    }

    /** Decimal digits only (no sign, no spaces inside), then the range check. */
    static int parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("\"" + text + "\" is not a valid port (1..65535)");
        }
        return requireValid(Integer.parseInt(t));
    }
}
