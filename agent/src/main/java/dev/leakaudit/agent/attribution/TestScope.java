package dev.leakaudit.agent.attribution;

import java.util.concurrent.atomic.AtomicInteger;

/** A test, or a test class, while it runs and after: what resources are attributed to. */
public final class TestScope {

    public enum Level { TEST, CLASS }

    private final String uniqueId;
    private final String name;
    private final String displayName;
    private final Level level;
    private final TestScope enclosingClass;
    private final long startedAtMillis;
    private volatile long endedAtMillis;
    private volatile String status = "running";
    private final AtomicInteger findings = new AtomicInteger();
    private final AtomicInteger notes = new AtomicInteger();
    private final Attribution certain = Attribution.certain(this);

    public TestScope(String uniqueId, String name, String displayName, Level level, TestScope enclosingClass,
                     long startedAtMillis) {
        this.uniqueId = uniqueId;
        this.name = name;
        this.displayName = displayName;
        this.level = level;
        this.enclosingClass = enclosingClass;
        this.startedAtMillis = startedAtMillis;
    }

    /** "Certainly this scope's", one shared instance. */
    public Attribution certainAttribution() {
        return certain;
    }

    public String uniqueId() {
        return uniqueId;
    }

    /** {@code fully.qualified.Class#method} for a test, the class name for a class. */
    public String name() {
        return name;
    }

    public String displayName() {
        return displayName;
    }

    public Level level() {
        return level;
    }

    /** The class scope a test belongs to, or null. */
    public TestScope enclosingClass() {
        return enclosingClass;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public long endedAtMillis() {
        return endedAtMillis;
    }

    public boolean hasEnded() {
        return endedAtMillis != 0;
    }

    public void end(long atMillis, String finalStatus) {
        this.status = finalStatus;
        this.endedAtMillis = atMillis;
    }

    public String status() {
        return status;
    }

    public int findingCount() {
        return findings.get();
    }

    public void countFinding() {
        findings.incrementAndGet();
    }

    public void withdrawFinding() {
        findings.decrementAndGet();
    }

    /** Notes (a plain double close) are counted apart: they never make a test "affected". */
    public int noteCount() {
        return notes.get();
    }

    public void countNote() {
        notes.incrementAndGet();
    }

    /** True when this scope is {@code owner} or lies inside it (a test of the class, a nested class). */
    public boolean isWithin(TestScope owner) {
        for (TestScope current = this; current != null; current = current.enclosingClass()) {
            if (current == owner) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
