package dev.leakaudit.agent.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name(DoubleCloseEvent.NAME)
@Label("Double Close")
@Category("Leak Audit")
@Description("close() was called on a resource that had already been closed; the event's stack is the second close.")
@StackTrace(true)
public final class DoubleCloseEvent extends Event {
    public static final String NAME = "leakaudit.DoubleClose";

    @Label("Kind")
    public String kind;

    @Label("Resource Class")
    public String resourceClass;

    @Label("Resource Id")
    public long resourceId;

    @Label("Test")
    public String test;

    @Label("First Close")
    @Description("Stack of the first close")
    public String firstClose;
}
