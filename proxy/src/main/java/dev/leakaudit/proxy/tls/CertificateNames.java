package dev.leakaudit.proxy.tls;

import dev.leakaudit.proxy.config.DomainPattern;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The server names a certificate is chosen for: the route's own {@code domains} when given (with
 * the routes' wildcard rule), else the certificate's DNS subject alternative names, or its common
 * name when it has none, with the certificates' wildcard rule (one label: {@code *.example.com}
 * covers {@code a.example.com}, not {@code a.b.example.com}), since a client would refuse anything
 * else.
 */
final class CertificateNames {

    private final List<DomainPattern> configured;
    private final List<String> fromCertificate;

    private CertificateNames(List<DomainPattern> configured, List<String> fromCertificate) {
        this.configured = configured;
        this.fromCertificate = fromCertificate;
    }

    static CertificateNames of(List<DomainPattern> configured, X509Certificate leaf) {
        if (!configured.isEmpty()) {
            return new CertificateNames(configured, List.of());
        }
        return new CertificateNames(List.of(), namesIn(leaf));
    }

    boolean matches(String sni) {
        if (sni == null || sni.isEmpty()) {
            return false;
        }
        if (!configured.isEmpty()) {
            return configured.stream().anyMatch(p -> p.matches(sni));
        }
        String host = normalise(sni);
        for (String name : fromCertificate) {
            if (name.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot).equals(name.substring(1))) {
                    return true;
                }
            } else if (name.equals(host)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return configured.isEmpty() ? fromCertificate.toString() : configured.toString();
    }

    private static List<String> namesIn(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alt : alternatives) {
                    if (alt.size() >= 2 && Integer.valueOf(2).equals(alt.get(0)) && alt.get(1) instanceof String dns) {
                        names.add(normalise(dns));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the common name
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(normalise(String.valueOf(rdn.getValue())));
                    }
                }
            } catch (InvalidNameException e) {
                // no names: the certificate can still be the default
            }
        }
        return List.copyOf(names);
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
