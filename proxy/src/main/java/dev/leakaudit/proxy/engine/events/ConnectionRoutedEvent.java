package dev.leakaudit.proxy.engine.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("leakaudit.proxy.ConnectionRouted")
@Label("Proxy Connection Routed")
@Category({"Leak Audit", "Proxy"})
@Description("A connection was matched to a route and admitted")
@StackTrace(false)
public final class ConnectionRoutedEvent extends Event {
    @Label("Connection Id")
    public long connectionId;
    @Label("Client")
    public String client;
    @Label("Route")
    public String route;
    @Label("SNI")
    public String sni;
    @Label("Target")
    public String target;
}
