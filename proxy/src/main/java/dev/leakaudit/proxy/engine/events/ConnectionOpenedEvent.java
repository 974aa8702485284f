package dev.leakaudit.proxy.engine.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("leakaudit.proxy.ConnectionOpened")
@Label("Proxy Connection Opened")
@Category({"Leak Audit", "Proxy"})
@Description("A client connection was accepted by the proxy")
@StackTrace(false)
public final class ConnectionOpenedEvent extends Event {
    @Label("Connection Id")
    public long connectionId;
    @Label("Client")
    public String client;
    @Label("Local Port")
    public int localPort;
}
