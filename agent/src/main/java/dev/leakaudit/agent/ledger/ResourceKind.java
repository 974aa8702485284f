package dev.leakaudit.agent.ledger;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The tracked resource kinds, named as they appear in the report's {@code kind} field. */
public enum ResourceKind {
    SOCKET("socket", "socket"),
    SERVER_SOCKET("server-socket", "server socket"),
    CHANNEL("channel", "socket channel"),
    SERVER_CHANNEL("server-channel", "server socket channel"),
    ASYNC_CHANNEL("async-channel", "asynchronous socket channel"),
    ASYNC_SERVER_CHANNEL("async-server-channel", "asynchronous server socket channel");

    private final String reportName;
    private final String noun;

    ResourceKind(String reportName, String noun) {
        this.reportName = reportName;
        this.noun = noun;
    }

    public String reportName() {
        return reportName;
    }

    /** How a message names a resource of this kind. */
    public String noun() {
        return noun;
    }

    /** The kind of a resource, or null for an object the agent does not track. */
    public static ResourceKind of(Object resource) {
        if (resource instanceof Socket) {
            return SOCKET;
        }
        if (resource instanceof ServerSocket) {
            return SERVER_SOCKET;
        }
        if (resource instanceof SocketChannel) {
            return CHANNEL;
        }
        if (resource instanceof ServerSocketChannel) {
            return SERVER_CHANNEL;
        }
        if (resource instanceof AsynchronousSocketChannel) {
            return ASYNC_CHANNEL;
        }
        if (resource instanceof AsynchronousServerSocketChannel) {
            return ASYNC_SERVER_CHANNEL;
        }
        return null;
    }

    /** Asks the resource itself, so a close that bypassed instrumentation still counts. */
    public boolean isOpen(Object resource) {
        if (resource instanceof Socket) {
            return !((Socket) resource).isClosed();
        }
        if (resource instanceof ServerSocket) {
            return !((ServerSocket) resource).isClosed();
        }
        if (resource instanceof Channel) {
            return ((Channel) resource).isOpen();
        }
        return false;
    }
}
