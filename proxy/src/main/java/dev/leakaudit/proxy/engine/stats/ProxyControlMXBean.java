package dev.leakaudit.proxy.engine.stats;

/**
 * Operations on a running proxy over JMX, as {@code dev.leakaudit.proxy:type=ProxyControl,name=proxy-N}.
 */
public interface ProxyControlMXBean {

    /**
     * Reads the configuration file again and applies it, as SIGHUP does; returns what happened in
     * one line ("reloaded ..." or "reload rejected, the running configuration stays: ...").
     */
    String reload();
}
