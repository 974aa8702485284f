package dev.leakaudit.proxy.config;

import dev.leakaudit.proxy.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    private static final String MINIMAL_ROUTE =
            "{\"match\":{\"ports\":8080},\"action\":{\"type\":\"forward\",\"target\":\"127.0.0.1:9000\"}}";

    /** Single quotes in test JSON keep the strings readable. */
    private static ProxyConfig parse(String json) throws ConfigException {
        return ConfigLoader.parse(json.replace('\'', '"'));
    }

    private static ConfigException failure(String json) {
        return assertThrows(ConfigException.class, () -> parse(json));
    }

    @Test
    void loadsTheShippedExample() throws Exception {
        ProxyConfig config = ConfigLoader.load(Path.of("examples/proxy-config.json"));

        assertEquals(4, config.routes().size());
        RouteConfig api = config.routes().get(0);
        assertEquals("api", api.name());
        assertEquals(20, api.priority());
        assertTrue(api.match().needsSni());
        assertEquals(new ForwardAction(HostPort.parse("10.0.1.10:8443"), false), api.action());
        assertEquals(List.of(Cidr.parse("203.0.113.0/24")), api.security().block());
        assertEquals(2000, api.security().maxConnections());

        RouteConfig web = config.routes().get(1);
        assertEquals(List.of(443, 8443, 8444, 8445), web.match().ports().ports());
        assertEquals(new ForwardAction(new HostPort("2001:db8::20", 443), true), web.action());

        RouteConfig bridge = config.routes().get(2);
        assertEquals(new BridgeAction(8080), bridge.action());
        assertEquals(Cidr.parse("192.168.0.0/16"), bridge.match().clientIps().get(1));

        RouteConfig ssh = config.routes().get(3);
        assertEquals(0, ssh.priority());
        assertFalse(ssh.match().needsSni());
        assertEquals(RouteSecurity.open(), ssh.security());

        assertEquals(Duration.ofSeconds(10), config.timeouts().initialDataTimeout());
        assertEquals(Duration.ofMinutes(10), config.timeouts().inactivityTimeout());
        assertEquals(KeepAliveTreatment.EXTENDED, config.keepAlive().treatment());
        assertEquals(new LimitsConfig(20000, 200, 600, 262144), config.limits());
        assertEquals(4, config.eventLoops());
        assertEquals(Duration.ofMinutes(1), config.statsInterval());
    }

    @Test
    void everythingNotGivenTakesItsDefault() throws Exception {
        ProxyConfig config = parse("{'routes':[" + MINIMAL_ROUTE + "]}");
        ProxyConfig defaults = ProxyConfig.defaults();
        assertEquals(defaults.timeouts(), config.timeouts());
        assertEquals(defaults.keepAlive(), config.keepAlive());
        assertEquals(defaults.limits(), config.limits());
        assertEquals(defaults.eventLoops(), config.eventLoops());
        assertEquals(defaults.statsInterval(), config.statsInterval());
        RouteConfig route = config.routes().get(0);
        assertEquals("route-1", route.name());
        assertEquals(0, route.priority());
        assertEquals(RouteSecurity.open(), route.security());
    }

    @Test
    void durationsAsStringsOrMilliseconds() throws Exception {
        ProxyConfig config = parse("{'routes':[" + MINIMAL_ROUTE + "],"
                + "'timeouts':{'socketTimeout':1500,'inactivityTimeout':'2m','forceCloseGrace':0,"
                + "'disableInactivityCheck':true},'statsInterval':'0s',"
                + "'keepAlive':{'treatment':'IMMORTAL','inactivityMultiplier':2.5,'warningGrace':'30s'}}");
        assertEquals(Duration.ofMillis(1500), config.timeouts().socketTimeout());
        assertEquals(Duration.ofMinutes(2), config.timeouts().inactivityTimeout());
        assertEquals(Duration.ZERO, config.timeouts().forceCloseGrace());
        assertTrue(config.timeouts().disableInactivityCheck());
        assertEquals(Duration.ZERO, config.statsInterval());
        assertEquals(new KeepAliveConfig(KeepAliveTreatment.IMMORTAL, 2.5, Duration.ofSeconds(30)), config.keepAlive());
    }

    @Test
    void reversedPortRangeNamesTheFieldPath() {
        ConfigException e = failure("{'routes':[" + MINIMAL_ROUTE + ",{'match':{'ports':'80-70'},"
                + "'action':{'type':'forward','target':'a:1'}}]}");
        assertEquals("routes[1].match.ports", e.path());
        assertEquals("routes[1].match.ports: \"80-70\" is not a valid port range", e.getMessage());
    }

    @Test
    void portInAListIsNamedByIndex() {
        ConfigException e = failure("{'routes':[{'match':{'ports':[80,70000]},'action':{'type':'bridge','httpProxyPort':1}}]}");
        assertEquals("routes[0].match.ports[1]", e.path());
        assertTrue(e.getMessage().contains("70000"), e.getMessage());
    }

    @Test
    void unknownFieldsAreRefusedEverywhere() {
        assertEquals("colour", failure("{'routes':[" + MINIMAL_ROUTE + "],'colour':'red'}").path());
        assertEquals("routes[0].match.prots",
                failure("{'routes':[{'match':{'prots':80},'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("limits.maxConnectionsPerIp",
                failure("{'routes':[" + MINIMAL_ROUTE + "],'limits':{'maxConnectionsPerIp':5}}").path());
        ConfigException e = failure("{'routes':[{'match':{'ports':80},'action':{'type':'bridge','httpProxyPort':1,'target':'a:1'}}]}");
        assertEquals("routes[0].action.target", e.path());
        assertTrue(e.getMessage().contains("unknown field"), e.getMessage());
    }

    @Test
    void atLeastOneRouteIsRequired() {
        assertEquals("routes", failure("{}").path());
        assertEquals("routes", failure("{'routes':[]}").path());
        assertEquals("routes", failure("{'routes':{}}").path());
    }

    @Test
    void badValuesNameTheirField() {
        assertEquals("routes[0].priority", failure("{'routes':[{'priority':'high','match':{'ports':1},'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("routes[0].priority", failure("{'routes':[{'priority':1.5,'match':{'ports':1},'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("routes[0].action.target", failure("{'routes':[{'match':{'ports':1},'action':{'type':'forward','target':'nohost'}}]}").path());
        assertEquals("routes[0].action.target", failure("{'routes':[{'match':{'ports':1},'action':{'type':'forward'}}]}").path());
        assertEquals("routes[0].action.type", failure("{'routes':[{'match':{'ports':1},'action':{'type':'teleport'}}]}").path());
        assertEquals("routes[0].action.type", failure("{'routes':[{'match':{'ports':1},'action':{}}]}").path());
        assertEquals("routes[0].action.httpProxyPort", failure("{'routes':[{'match':{'ports':1},'action':{'type':'bridge','httpProxyPort':0}}]}").path());
        assertEquals("routes[0].action", failure("{'routes':[{'match':{'ports':1}}]}").path());
        assertEquals("routes[0].match", failure("{'routes':[{'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("routes[0].match.ports", failure("{'routes':[{'match':{},'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("routes[0].match.ports", failure("{'routes':[{'match':{'ports':[]},'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("routes[0].match.ports", failure("{'routes':[{'match':{'ports':true},'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("routes[0].match.domains[1]", failure("{'routes':[{'match':{'ports':1,'domains':['a.com','a.*.com']},'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("routes[0].match.clientIps[0]", failure("{'routes':[{'match':{'ports':1,'clientIps':['10.0.0.0/40']},'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("routes[0].security.block[0]", failure("{'routes':[{'match':{'ports':1},'action':{'type':'bridge','httpProxyPort':1},'security':{'block':[5]}}]}").path());
        assertEquals("routes[0].security.maxConnections", failure("{'routes':[{'match':{'ports':1},'action':{'type':'bridge','httpProxyPort':1},'security':{'maxConnections':-1}}]}").path());
        assertEquals("routes[0].name", failure("{'routes':[{'name':'','match':{'ports':1},'action':{'type':'bridge','httpProxyPort':1}}]}").path());
        assertEquals("timeouts.inactivityTimeout", failure("{'routes':[" + MINIMAL_ROUTE + "],'timeouts':{'inactivityTimeout':'soon'}}").path());
        assertEquals("timeouts.inactivityTimeout", failure("{'routes':[" + MINIMAL_ROUTE + "],'timeouts':{'inactivityTimeout':0}}").path());
        assertEquals("timeouts.socketTimeout", failure("{'routes':[" + MINIMAL_ROUTE + "],'timeouts':{'socketTimeout':-5}}").path());
        assertEquals("timeouts.disableInactivityCheck", failure("{'routes':[" + MINIMAL_ROUTE + "],'timeouts':{'disableInactivityCheck':'yes'}}").path());
        assertEquals("keepAlive.treatment", failure("{'routes':[" + MINIMAL_ROUTE + "],'keepAlive':{'treatment':'forever'}}").path());
        assertEquals("keepAlive.inactivityMultiplier", failure("{'routes':[" + MINIMAL_ROUTE + "],'keepAlive':{'inactivityMultiplier':0.5}}").path());
        assertEquals("keepAlive.warningGrace", failure("{'routes':[" + MINIMAL_ROUTE + "],'keepAlive':{'warningGrace':'0s'}}").path());
        assertEquals("limits.maxConnections", failure("{'routes':[" + MINIMAL_ROUTE + "],'limits':{'maxConnections':-1}}").path());
        assertEquals("limits.maxPendingDataSize", failure("{'routes':[" + MINIMAL_ROUTE + "],'limits':{'maxPendingDataSize':0}}").path());
        assertEquals("limits.maxConnections", failure("{'routes':[" + MINIMAL_ROUTE + "],'limits':{'maxConnections':99999999999}}").path());
        assertEquals("eventLoops", failure("{'routes':[" + MINIMAL_ROUTE + "],'eventLoops':0}").path());
        assertEquals("statsInterval", failure("{'routes':[" + MINIMAL_ROUTE + "],'statsInterval':'1 minute'}").path());
    }

    @Test
    void durationsTooLongForTheTimersAreRefusedByName() {
        // 1,000,000 days overflowed in nanoseconds inside connection start-up; now the loader refuses it.
        ConfigException e = failure("{'routes':[" + MINIMAL_ROUTE + "],'timeouts':{'maxConnectionLifetime':'1000000d'}}");
        assertEquals("timeouts.maxConnectionLifetime", e.path());
        assertTrue(e.getMessage().contains("at most 3650d"), e.getMessage());
        for (String field : new String[] {"initialDataTimeout", "socketTimeout", "inactivityTimeout",
                "inactivityCheckInterval", "forceCloseGrace", "gracefulShutdownTimeout"}) {
            assertEquals("timeouts." + field,
                    failure("{'routes':[" + MINIMAL_ROUTE + "],'timeouts':{'" + field + "':'999999999999d'}}").path());
            assertEquals("timeouts." + field,
                    failure("{'routes':[" + MINIMAL_ROUTE + "],'timeouts':{'" + field + "':9223372036854775807}}").path());
        }
        assertEquals("keepAlive.warningGrace", failure("{'routes':[" + MINIMAL_ROUTE + "],'keepAlive':{'warningGrace':'3651d'}}").path());
        assertEquals("statsInterval", failure("{'routes':[" + MINIMAL_ROUTE + "],'statsInterval':'3651d'}").path());
        assertDoesNotThrow(() -> parse("{'routes':[" + MINIMAL_ROUTE + "],'timeouts':{'maxConnectionLifetime':'3650d'}}"));
        // Built in code, the same bound holds.
        assertThrows(IllegalArgumentException.class,
                () -> TimeoutsConfig.defaults().withMaxConnectionLifetime(java.time.Duration.ofDays(1_000_000)));
    }

    @Test
    void everyInvalidFieldIsNamedInOneLine() {
        ConfigException e = failure("{'routes':[{'match':{'ports':1},'action':{'type':'forward','target':'nohost'}},"
                + "{'match':{'ports':'80-70'},'action':{'type':'bridge','httpProxyPort':1}}],"
                + "'timeouts':{'socketTimeout':'soon','maxConnectionLifetime':'1000000d'},"
                + "'limits':{'maxConnections':-1},'eventLoops':0}");
        assertEquals("routes[0].action.target", e.path());
        String line = e.getMessage();
        for (String field : new String[] {"routes[0].action.target", "routes[1].match.ports", "timeouts.socketTimeout",
                "timeouts.maxConnectionLifetime", "limits.maxConnections", "eventLoops"}) {
            assertTrue(line.contains(field), field + " missing from: " + line);
        }
        assertTrue(line.contains("(6 problems)"), line);
        assertFalse(line.contains("\n"), line);
    }

    @Test
    void duplicateRouteNamesAreRefused() {
        ConfigException e = failure("{'routes':[{'name':'a','match':{'ports':1},'action':{'type':'bridge','httpProxyPort':1}},"
                + "{'name':'a','match':{'ports':2},'action':{'type':'bridge','httpProxyPort':1}}]}");
        assertEquals("routes[1].name", e.path());
    }

    @Test
    void invalidJsonGivesTheLine() {
        ConfigException e = failure("{'routes':\n[,]}");
        assertEquals("", e.path());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(failure("").getMessage().contains("empty"));
        assertTrue(failure("[1,2]").getMessage().contains("expected an object"));
    }

    @Test
    void duplicateKeysAreRefused() {
        assertTrue(failure("{'routes':[" + MINIMAL_ROUTE + "],'eventLoops':1,'eventLoops':2}").getMessage().contains("eventLoops"));
    }

    @Test
    void missingFileIsAConfigException(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals(missing + ": file does not exist", e.getMessage());
        assertEquals(missing, e.file());
    }

    @Test
    void errorsInAFileNameTheFileAndTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"routes\":[{\"match\":{\"ports\":\"80-70\"},\"action\":{\"type\":\"bridge\",\"httpProxyPort\":1}}]}");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file + ": routes[0].match.ports: \"80-70\" is not a valid port range", e.getMessage());
        assertEquals("routes[0].match.ports", e.path());
        assertEquals("\"80-70\" is not a valid port range", e.problem());
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, ("{'routes':[" + MINIMAL_ROUTE + "]}").replace('\'', '"'));
        ProxyConfig config = ConfigLoader.load(file);
        RouteAction action = config.routes().get(0).action();
        assertInstanceOf(ForwardAction.class, action);
        assertNull(config.keepAlive().warningGrace());
    }
}
