package dev.leakaudit.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code tls} block of a route, the handshake timeout and the certificate check interval. */
class TlsConfigLoaderTest {

    private static ProxyConfig parse(String tls) throws ConfigException {
        String json = ("{'routes':[{'name':'web','match':{'ports':443},'action':{'type':'forward','target':'127.0.0.1:80'}"
                + (tls == null ? "" : ",'tls':" + tls) + "}]}").replace('\'', '"');
        return ConfigLoader.parse(json, Path.of("/etc/proxy"));
    }

    private static String failure(String tls) {
        return assertThrows(ConfigException.class, () -> parse(tls)).getMessage();
    }

    @Test
    void noTlsBlockPassesTlsThrough() throws ConfigException {
        assertEquals(TlsConfig.passthrough(), parse(null).routes().get(0).tls());
        assertEquals(TlsMode.PASSTHROUGH, parse("{'mode':'passthrough'}").routes().get(0).tls().mode());
    }

    @Test
    void terminateReadsCertificatesRelativeToTheFileAndItsChoices() throws ConfigException {
        TlsConfig tls = parse("{'mode':'terminate','certificates':[{'cert':'certs/web.pem','key':'/keys/web.key'},"
                + "{'cert':'certs/both.pem','domains':['api.example.com']}],'protocols':['TLSv1.3'],'alpn':['h2','http/1.1']}")
                .routes().get(0).tls();
        assertEquals(TlsMode.TERMINATE, tls.mode());
        assertEquals(new CertificateFiles(Path.of("/etc/proxy/certs/web.pem"), Path.of("/keys/web.key")),
                tls.certificates().get(0));
        CertificateFiles both = tls.certificates().get(1);
        assertEquals(both.cert(), both.key(), "no key: the key is in the certificate's file");
        assertEquals(List.of(DomainPattern.parse("api.example.com")), both.domains());
        assertEquals(List.of("TLSv1.3"), tls.protocols());
        assertEquals(List.of("h2", "http/1.1"), tls.alpn());
        assertNull(tls.backend());
    }

    @Test
    void reencryptSaysExplicitlyWhetherTheBackendIsVerified() throws ConfigException {
        TlsConfig verified = parse("{'mode':'reencrypt','certificates':[{'cert':'c.pem'}],"
                + "'backend':{'verify':true,'ca':'ca.pem','serverName':'api.internal'}}").routes().get(0).tls();
        assertEquals(new BackendTlsConfig(true, Path.of("/etc/proxy/ca.pem"), "api.internal"), verified.backend());
        TlsConfig unverified = parse("{'mode':'reencrypt','certificates':[{'cert':'c.pem'}],'backend':{'verify':false}}")
                .routes().get(0).tls();
        assertEquals(BackendTlsConfig.unverified(), unverified.backend());

        assertTrue(failure("{'mode':'reencrypt','certificates':[{'cert':'c.pem'}]}").contains("needs backend.verify"));
        assertTrue(failure("{'mode':'reencrypt','certificates':[{'cert':'c.pem'}],'backend':{}}")
                .contains("routes[0].tls.backend.verify: is required"));
        assertTrue(failure("{'mode':'reencrypt','certificates':[{'cert':'c.pem'}],'backend':{'verify':true}}")
                .contains("verify needs ca"));
    }

    @Test
    void mistakesAreNamedByField() {
        assertTrue(failure("{'mode':'offload'}").contains("routes[0].tls.mode: \"offload\" is not a TLS mode"));
        assertTrue(failure("{'mode':'terminate'}").contains("needs at least one certificate"));
        assertTrue(failure("{'mode':'passthrough','certificates':[{'cert':'c.pem'}]}").contains("only used by"));
        assertTrue(failure("{'mode':'terminate','certificates':[{'key':'k.pem'}]}")
                .contains("routes[0].tls.certificates[0].cert: is required"));
        assertTrue(failure("{'mode':'terminate','certificates':[{'cert':'c.pem'}],'protocols':['SSLv3']}")
                .contains("\"SSLv3\" is not a supported protocol"));
        assertTrue(failure("{'mode':'terminate','certificates':[{'cert':'c.pem'}],'ciphers':[]}")
                .contains("routes[0].tls.ciphers: unknown field"));
    }

    @Test
    void handshakeTimeoutAndCertificateCheckInterval() throws ConfigException {
        ProxyConfig defaults = parse(null);
        assertEquals(Duration.ofSeconds(10), defaults.timeouts().handshakeTimeout());
        assertEquals(Duration.ofMinutes(1), defaults.certificateCheckInterval());
        ProxyConfig set = ConfigLoader.parse(("{'routes':[{'match':{'ports':443},'action':{'type':'forward','target':'h:1'}}],"
                + "'timeouts':{'handshakeTimeout':'3s'},'certificateCheckInterval':'0s'}").replace('\'', '"'));
        assertEquals(Duration.ofSeconds(3), set.timeouts().handshakeTimeout());
        assertEquals(Duration.ZERO, set.certificateCheckInterval());
    }
}
