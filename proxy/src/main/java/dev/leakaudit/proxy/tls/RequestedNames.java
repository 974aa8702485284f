package dev.leakaudit.proxy.tls;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

/** The host name a TLS client asked for (SNI), as the JDK's session reports it. */
public final class RequestedNames {

    private RequestedNames() {
    }

    /** The SNI host name of {@code session} (a handshake session or a finished one), or null. */
    public static String of(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }
}
