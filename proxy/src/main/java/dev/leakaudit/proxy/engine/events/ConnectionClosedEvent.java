package dev.leakaudit.proxy.engine.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

@Name("leakaudit.proxy.ConnectionClosed")
@Label("Proxy Connection Closed")
@Category({"Leak Audit", "Proxy"})
@Description("Every socket of a proxied connection is closed")
@StackTrace(false)
public final class ConnectionClosedEvent extends Event {
    @Label("Connection Id")
    public long connectionId;
    @Label("Client")
    public String client;
    @Label("Route")
    public String route;
    @Label("Reason")
    public String reason;
    /** How long the connection lived (not named "duration": that is JFR's own field). */
    @Label("Connection Duration")
    @Timespan(Timespan.MILLISECONDS)
    public long connectionDuration;
    @Label("Bytes From Client")
    @DataAmount
    public long bytesFromClient;
    @Label("Bytes To Client")
    @DataAmount
    public long bytesToClient;
    @Label("TLS")
    @Description("Protocol (and application protocol) of the client's TLS when the proxy terminated it")
    public String tls;
    @Label("Detail")
    @Description("More about the reason, such as the alert of a failed TLS handshake")
    public String detail;
}
