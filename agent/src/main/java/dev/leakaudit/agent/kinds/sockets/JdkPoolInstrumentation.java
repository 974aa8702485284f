package dev.leakaudit.agent.kinds.sockets;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;

import dev.leakaudit.agent.instrument.AdvicePlan;

import static dev.leakaudit.agent.instrument.MethodMatch.named;
import static dev.leakaudit.agent.instrument.MethodMatch.arguments;


/**
 * The JDK's keep-alive cache for {@code HttpURLConnection} and {@code HttpsURLConnection} (JDK 17
 * to 25: {@code HttpClient.putInKeepAliveCache()} and {@code HttpsClient}'s override put a connection
 * in, {@code KeepAliveCache.get(URL, Object)} hands one out). An HTTPS connection's socket is an
 * {@code SSLSocket} connected directly, tracked like any socket. A socket handed back is the cache's
 * from then on; one handed out belongs to whoever checked it out.
 */
public final class JdkPoolInstrumentation {

    public void addTo(AdvicePlan plan, Instrumentation instrumentation) {
        openHttpClientModule(instrumentation);
        plan.type("sun.net.www.http.HttpClient", "sun.net.www.protocol.https.HttpsClient")
                .advice(named("putInKeepAliveCache").and(arguments(0)), "dev.leakaudit.agent.kinds.sockets.PooledAdvice");
        plan.type("sun.net.www.http.KeepAliveCache")
                .advice(named("get").and(arguments(2)), "dev.leakaudit.agent.kinds.sockets.CheckedOutAdvice");
        // java.net.http.HttpClient's own pool: putConnection takes a connection in (after its
        // response, or when it goes idle), getConnection hands one out again.
        plan.type("jdk.internal.net.http.ConnectionPool")
                .advice(named("putConnection").and(arguments(2)), "dev.leakaudit.agent.kinds.sockets.HttpConnectionPooledAdvice")
                .advice(named("getConnection").and(arguments(3)), "dev.leakaudit.agent.kinds.sockets.CheckedOutAdvice");
    }

    /**
     * Advice inlined in java.net.http calls the bootstrap bridge, which the module must read; the
     * agent reads a connection's channel, which needs {@code jdk.internal.net.http} opened to it.
     */
    private static void openHttpClientModule(Instrumentation instrumentation) {
        Module http = ModuleLayer.boot().findModule("java.net.http").orElse(null);
        if (http == null || !instrumentation.isModifiableModule(http)) {
            return;
        }
        Module bridge = LeakAuditBridge.class.getModule();
        Module agent = JdkPoolInstrumentation.class.getModule();
        instrumentation.redefineModule(http, Set.of(bridge), Map.of(),
                Map.of("jdk.internal.net.http", Set.of(agent)), Set.of(), Map.of());
    }
}
