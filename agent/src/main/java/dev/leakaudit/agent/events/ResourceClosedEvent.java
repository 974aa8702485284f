package dev.leakaudit.agent.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

@Name(ResourceClosedEvent.NAME)
@Label("Resource Closed")
@Category("Leak Audit")
@Description("A tracked socket or channel was closed for the first time.")
@StackTrace(false) // an ordinary close: no stack
public final class ResourceClosedEvent extends Event {
    public static final String NAME = "leakaudit.ResourceClosed";

    @Label("Kind")
    public String kind;

    @Label("Resource Class")
    public String resourceClass;

    @Label("Resource Id")
    public long resourceId;

    @Label("Test")
    @Description("The test the resource belongs to")
    public String test;

    @Label("Open For")
    @Timespan(Timespan.MILLISECONDS)
    public long openMillis;
}
