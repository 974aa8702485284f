package dev.leakaudit.agent.kinds.sockets;

import java.lang.reflect.Method;

/**
 * The {@code SocketChannel} of a {@code java.net.http.HttpClient} connection
 * ({@code jdk.internal.net.http.HttpConnection.channel()}, JDK 17 to 25), read reflectively: the
 * package is opened to the agent at start ({@code JdkPoolInstrumentation}). Null when it cannot be read.
 */
final class HttpConnectionChannels {

    private static final ClassValue<Method> CHANNEL = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Method method = c.getDeclaredMethod("channel");
                    if (java.lang.reflect.Modifier.isAbstract(method.getModifiers())) {
                        continue;
                    }
                    method.setAccessible(true);
                    return method;
                } catch (NoSuchMethodException e) {
                    // look further up
                } catch (RuntimeException e) {
                    return null; // not opened to the agent
                }
            }
            return null;
        }
    };

    private HttpConnectionChannels() {
    }

    static Object channelOf(Object connection) {
        Method method = CHANNEL.get(connection.getClass());
        if (method == null) {
            return null;
        }
        try {
            return method.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
