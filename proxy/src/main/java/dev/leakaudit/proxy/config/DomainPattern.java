package dev.leakaudit.proxy.config;

import java.net.IDN;
import java.util.Locale;

/**
 * A host name to match against the TLS SNI: exact ("example.com"), wildcard ("*.example.com") or
 * anything ("*"). Matching ignores case and a trailing dot.
 *
 * <p>A wildcard stands for ONE OR MORE labels: "*.example.com" matches "a.example.com" and
 * "a.b.example.com" but not "example.com" itself (list both if both are wanted). This differs from
 * certificate wildcards (exactly one label) on purpose: a route is about where traffic goes, and a
 * deeper subdomain of a routed domain almost always belongs to the same backend.
 *
 * <p>Internationalised names may be written in Unicode; they are stored in their ASCII (xn--) form,
 * which is what clients send in the SNI.
 */
public final class DomainPattern {

    private final String pattern;   // normalised, as shown to users
    private final String suffix;    // ".example.com" for a wildcard, null otherwise
    private final boolean anything;

    private DomainPattern(String pattern, String suffix, boolean anything) {
        this.pattern = pattern;
        this.suffix = suffix;
        this.anything = anything;
    }

    public static DomainPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty string is not a domain pattern");
        }
        String t = text.trim();
        if (t.equals("*")) {
            return new DomainPattern("*", null, true);
        }
        boolean wildcard = t.startsWith("*.");
        String name = normaliseName(wildcard ? t.substring(2) : t, text);
        if (wildcard) {
            return new DomainPattern("*." + name, "." + name, false);
        }
        return new DomainPattern(name, null, false);
    }

    private static String normaliseName(String name, String original) {
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + original + "\" is not a valid domain pattern", e);
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.isEmpty() || ascii.length() > 253) {
            throw new IllegalArgumentException("\"" + original + "\" is not a valid domain pattern");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                throw new IllegalArgumentException("\"" + original + "\" is not a valid domain pattern"
                        + " (a wildcard may only be a whole first label, as in *.example.com)");
            }
        }
        return ascii;
    }

    /** True when the SNI host name is covered by this pattern; a missing SNI (null) never matches. */
    public boolean matches(String sni) {
        if (sni == null || sni.isEmpty()) {
            return false;
        }
        String host = sni.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (anything) {
            return !host.isEmpty();
        }
        if (suffix != null) {
            return host.length() > suffix.length() && host.endsWith(suffix);
        }
        return host.equals(pattern);
    }

    public boolean isWildcard() {
        return suffix != null || anything;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainPattern other && pattern.equals(other.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
