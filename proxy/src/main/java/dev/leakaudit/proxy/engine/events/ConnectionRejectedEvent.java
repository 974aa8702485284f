package dev.leakaudit.proxy.engine.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("leakaudit.proxy.ConnectionRejected")
@Label("Proxy Connection Rejected")
@Category({"Leak Audit", "Proxy"})
@Description("A connection was refused by the security gate or had no route")
@StackTrace(false)
public final class ConnectionRejectedEvent extends Event {
    @Label("Connection Id")
    public long connectionId;
    @Label("Client")
    public String client;
    @Label("Route")
    public String route;
    @Label("Reason")
    public String reason;
}
