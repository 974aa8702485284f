package dev.leakaudit.agent.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name(LeakFindingEvent.NAME)
@Label("Leak Finding")
@Category("Leak Audit")
@Description("A finding of the leak report: a resource left open, collected unclosed, or closed twice.")
@StackTrace(false)
public final class LeakFindingEvent extends Event {
    public static final String NAME = "leakaudit.LeakFinding";

    @Label("Kind")
    public String kind;

    @Label("Severity")
    public String severity;

    @Label("Resource Class")
    public String resourceClass;

    @Label("Resource Id")
    public long resourceId;

    @Label("Test")
    public String test;

    @Label("Site")
    @Description("First frame outside the JDK and the agent where the resource was created")
    public String site;

    @Label("Message")
    public String message;

    @Label("Creation Stack")
    public String creationStack;
}
