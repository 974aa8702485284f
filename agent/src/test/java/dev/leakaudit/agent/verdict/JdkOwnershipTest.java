package dev.leakaudit.agent.verdict;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Whose a creation stack is, on stacks recorded from real runs (JDK 17). */
class JdkOwnershipTest {

    private static final List<String> HTTP_SERVER_ACCEPT = List.of(
            "sun.nio.ch.SocketChannelImpl.<init>(SocketChannelImpl.java:172)",
            "sun.nio.ch.ServerSocketChannelImpl.finishAccept(ServerSocketChannelImpl.java:499)",
            "sun.nio.ch.ServerSocketChannelImpl.accept(ServerSocketChannelImpl.java:407)",
            "sun.net.httpserver.ServerImpl$Dispatcher.run(ServerImpl.java:483)",
            "java.lang.Thread.run(Thread.java:840)");

    private static final List<String> HTTP_SERVER_CREATE = List.of(
            "sun.nio.ch.ServerSocketChannelImpl.<init>(ServerSocketChannelImpl.java:131)",
            "java.nio.channels.ServerSocketChannel.open(ServerSocketChannel.java:145)",
            "sun.net.httpserver.ServerImpl.<init>(ServerImpl.java:139)",
            "com.sun.net.httpserver.HttpServer.create(HttpServer.java:150)",
            "com.acme.EchoTest.start(EchoTest.java:28)",
            "org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:786)");

    private static final List<String> PLAIN_CHANNEL = List.of(
            "sun.nio.ch.SocketChannelImpl.<init>(SocketChannelImpl.java:172)",
            "sun.nio.ch.SelectorProviderImpl.openSocketChannel(SelectorProviderImpl.java:67)",
            "java.nio.channels.SocketChannel.open(SocketChannel.java:192)",
            "com.acme.Client.connect(Client.java:12)");

    @Test
    void aStackWithoutProgramFramesIsTheJdksNamedByComponent() {
        assertEquals("JDK HttpServer", JdkOwnership.ownerOf(HTTP_SERVER_ACCEPT));
        assertEquals("JDK HttpClient", JdkOwnership.ownerOf(List.of(
                "sun.nio.ch.SocketChannelImpl.<init>(SocketChannelImpl.java:172)",
                "jdk.internal.net.http.PlainHttpConnection.<init>(PlainHttpConnection.java:291)",
                "jdk.internal.net.http.HttpClientImpl$SelectorManager.run(HttpClientImpl.java:1100)",
                "org.junit.platform.launcher.core.DefaultLauncher.execute(DefaultLauncher.java:86)")));
        assertEquals("the JDK (java.lang.Thread.run)", JdkOwnership.ownerOf(List.of(
                "sun.nio.ch.SocketChannelImpl.<init>(SocketChannelImpl.java:172)", "java.lang.Thread.run(Thread.java:840)")));
    }

    @Test
    void aProgramFrameMakesItTheProgramsAndNamesTheComponentItWentThrough() {
        assertNull(JdkOwnership.ownerOf(HTTP_SERVER_CREATE));
        assertNull(JdkOwnership.ownerOf(PLAIN_CHANNEL));
        assertEquals("JDK HttpServer", JdkOwnership.componentBeforeSite(HTTP_SERVER_CREATE));
        assertNull(JdkOwnership.componentBeforeSite(PLAIN_CHANNEL), "a plain JDK API is the program's own call");
        assertNull(JdkOwnership.componentBeforeSite(HTTP_SERVER_ACCEPT), "no program frame at all");
    }
}
