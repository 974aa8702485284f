package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.format.Kinds;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The tracked resource kinds; their names and nouns come from the format's catalog ({@link Kinds}). */
public enum ResourceKind {
    SOCKET("socket"),
    SERVER_SOCKET("server-socket"),
    CHANNEL("channel"),
    SERVER_CHANNEL("server-channel"),
    ASYNC_CHANNEL("async-channel"),
    ASYNC_SERVER_CHANNEL("async-server-channel");

    private final String reportName;
    private final String noun;

    ResourceKind(String reportName) {
        this.reportName = reportName;
        this.noun = Kinds.named(reportName).noun();
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
