package dev.leakaudit.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

/**
 * The JDK's keep-alive cache for {@code HttpURLConnection} (JDK 17 to 25: {@code HttpClient.putInKeepAliveCache()}
 * puts a connection in, {@code KeepAliveCache.get(URL, Object)} hands one out). A socket handed
 * back is the cache's from then on; one handed out belongs to whoever checked it out.
 */
final class JdkPoolInstrumentation {

    AgentBuilder addTo(AgentBuilder builder) {
        JdkInstrumentation.preload(java.util.List.of("sun.net.www.http.HttpClient", "sun.net.www.http.KeepAliveCache"));
        ClassLoader adviceLoader = JdkPoolInstrumentation.class.getClassLoader();
        return builder
                .type(named("sun.net.www.http.HttpClient"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(adviceLoader)
                        .advice(named("putInKeepAliveCache").and(takesNoArguments()), PooledAdvice.class.getName()))
                .type(named("sun.net.www.http.KeepAliveCache"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(adviceLoader)
                        .advice(named("get").and(takesArguments(2)), CheckedOutAdvice.class.getName()));
    }
}
