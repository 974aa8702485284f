package dev.leakaudit.proxy.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses a route's certificate by the SNI of each handshake: the first certificate whose names
 * match and whose key suits the signature the client accepts; without SNI, or with a name no
 * certificate has, the route's first certificate (its default). The certificates can be replaced
 * while the proxy runs ({@link #install}); a handshake that chose an alias just before keeps
 * finding it, as the previous set stays known until the next replacement.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private volatile List<ServerCertificate> certificates;
    private volatile Map<String, ServerCertificate> byAlias = Map.of();

    SniKeyManager(List<ServerCertificate> certificates) {
        install(certificates);
    }

    synchronized void install(List<ServerCertificate> newCertificates) {
        Map<String, ServerCertificate> aliases = new HashMap<>();
        if (certificates != null) {
            for (ServerCertificate c : certificates) {
                aliases.put(c.alias(), c);
            }
        }
        for (ServerCertificate c : newCertificates) {
            aliases.put(c.alias(), c);
        }
        byAlias = Map.copyOf(aliases);
        certificates = List.copyOf(newCertificates);
    }

    List<ServerCertificate> certificates() {
        return certificates;
    }

    /** The alias to serve for {@code sni} (null: no SNI) and a key type such as RSA or EC; null if none suits. */
    String choose(String sni, String keyType) {
        List<ServerCertificate> all = certificates;
        String type = keyType == null ? null : keyType.split("_")[0];
        boolean named = false;
        for (ServerCertificate c : all) {
            if (c.names().matches(sni)) {
                named = true;
                if (suits(c, type)) {
                    return c.alias();
                }
            }
        }
        // A certificate has the name but another key type: the JDK asks again with the next type
        // the client accepts, rather than serve the default for a name it does not carry.
        if (named) {
            return null;
        }
        ServerCertificate fallback = all.get(0);
        return suits(fallback, type) ? fallback.alias() : null;
    }

    private static boolean suits(ServerCertificate c, String keyType) {
        return keyType == null || c.keyType().equalsIgnoreCase(keyType)
                || (keyType.toUpperCase(Locale.ROOT).startsWith("ED") && c.keyType().toUpperCase(Locale.ROOT).startsWith("ED"));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(requestedName(engine == null ? null : engine.getHandshakeSession()), keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        return choose(requestedName(session), keyType);
    }

    private static String requestedName(SSLSession session) {
        return RequestedNames.of(session);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServerCertificate c = byAlias.get(alias);
        return c == null ? null : c.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServerCertificate c = byAlias.get(alias);
        return c == null ? null : c.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return certificates.stream().filter(c -> suits(c, keyType)).map(ServerCertificate::alias).toArray(String[]::new);
    }

    // The proxy presents no client certificate.
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
