package dev.leakaudit.agent.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name(ResourceOpenedEvent.NAME)
@Label("Resource Opened")
@Category("Leak Audit")
@Description("A socket or channel acquired an operating-system handle (connected, bound, accepted or created).")
@StackTrace(false) // cheap by default; the agent's recording adds stacks with stacks=full
public final class ResourceOpenedEvent extends Event {
    public static final String NAME = "leakaudit.ResourceOpened";

    @Label("Kind")
    public String kind;

    @Label("Resource Class")
    public String resourceClass;

    @Label("Resource Id")
    @Description("Correlates the opened, closed and finding events of one resource")
    public long resourceId;

    @Label("Test")
    public String test;
}
