package dev.leakaudit.agent.events;

import java.util.List;

import dev.leakaudit.agent.verdict.Finding;
import jdk.jfr.FlightRecorder;

/** Commits the agent's events to JDK Flight Recorder; costs one check when no recording wants them. */
public final class FlightRecorderEvents implements AuditEvents {

    public static final List<String> EVENT_NAMES = List.of(
            ResourceOpenedEvent.NAME, ResourceClosedEvent.NAME, DoubleCloseEvent.NAME, LeakFindingEvent.NAME);

    /** Registers the event types up front, so the first commit does not load classes inside advice. */
    public static FlightRecorderEvents register() {
        FlightRecorder.register(ResourceOpenedEvent.class);
        FlightRecorder.register(ResourceClosedEvent.class);
        FlightRecorder.register(DoubleCloseEvent.class);
        FlightRecorder.register(LeakFindingEvent.class);
        return new FlightRecorderEvents();
    }

    @Override
    public void opened(String kind, String resourceClass, long resourceId, String test) {
        ResourceOpenedEvent event = new ResourceOpenedEvent();
        if (event.shouldCommit()) {
            event.kind = kind;
            event.resourceClass = resourceClass;
            event.resourceId = resourceId;
            event.test = test;
            event.commit();
        }
    }

    @Override
    public void closed(String kind, String resourceClass, long resourceId, String test, long openMillis) {
        ResourceClosedEvent event = new ResourceClosedEvent();
        if (event.shouldCommit()) {
            event.kind = kind;
            event.resourceClass = resourceClass;
            event.resourceId = resourceId;
            event.test = test;
            event.openMillis = openMillis;
            event.commit();
        }
    }

    @Override
    public void closedAgain(String kind, String resourceClass, long resourceId, String test, String firstCloseStack) {
        DoubleCloseEvent event = new DoubleCloseEvent();
        if (event.shouldCommit()) {
            event.kind = kind;
            event.resourceClass = resourceClass;
            event.resourceId = resourceId;
            event.test = test;
            event.firstClose = firstCloseStack;
            event.commit();
        }
    }

    @Override
    public void finding(Finding finding) {
        LeakFindingEvent event = new LeakFindingEvent();
        if (event.shouldCommit()) {
            event.kind = finding.kind();
            event.severity = finding.severity().reportName();
            event.resourceClass = finding.resourceClass();
            event.resourceId = finding.resourceId();
            event.test = finding.scope() == null ? null : finding.scope().name();
            event.site = finding.site();
            event.message = finding.message();
            event.creationStack = String.join("\n", finding.stack());
            event.commit();
        }
    }
}
