package dev.leakaudit.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

/**
 * The JDK's keep-alive cache for {@code HttpURLConnection} and {@code HttpsURLConnection} (JDK 17
 * to 25: {@code HttpClient.putInKeepAliveCache()} and {@code HttpsClient}'s override put a connection
 * in, {@code KeepAliveCache.get(URL, Object)} hands one out). An HTTPS connection's socket is an
 * {@code SSLSocket} connected directly, tracked like any socket. A socket handed back is the cache's
 * from then on; one handed out belongs to whoever checked it out.
 */
final class JdkPoolInstrumentation {

    AgentBuilder addTo(AgentBuilder builder) {
        ClassLoader adviceLoader = JdkPoolInstrumentation.class.getClassLoader();
        return builder
                .type(named("sun.net.www.http.HttpClient").or(named("sun.net.www.protocol.https.HttpsClient")))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(adviceLoader)
                        .advice(named("putInKeepAliveCache").and(takesNoArguments()), PooledAdvice.class.getName()))
                .type(named("sun.net.www.http.KeepAliveCache"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(adviceLoader)
                        .advice(named("get").and(takesArguments(2)), CheckedOutAdvice.class.getName()));
    }
}
