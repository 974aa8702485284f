package dev.leakaudit.agent.verdict;

import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.format.Severity;

/** One entry of the report's {@code findings}: what leaked or misbehaved, where, and in which test. */
public final class Finding {

    private final String kind;
    private final Severity severity;
    private final String resourceClass;
    private final long resourceId;
    private final Attribution attribution;
    private final String threadName;
    private final long threadId;
    private final boolean virtualThread;
    private final long openedAtMillis;
    private final String site;
    private final List<String> stack;
    private final String message;
    private final String localAddress;
    private final String remoteAddress;
    private final boolean collected;
    private final List<String> firstCloseStack;
    private final List<String> secondCloseStack;
    private final List<String> currentStack;
    private final String owner;
    private final List<String> referencePath;
    private final String path;
    private final String command;
    private final long bytes;
    private final String allocator;
    private final List<String> touches;

    private Finding(Builder builder) {
        this.kind = builder.kind;
        this.severity = builder.severity;
        this.resourceClass = builder.resourceClass;
        this.resourceId = builder.resourceId;
        this.attribution = builder.attribution;
        this.threadName = builder.threadName;
        this.threadId = builder.threadId;
        this.virtualThread = builder.virtualThread;
        this.openedAtMillis = builder.openedAtMillis;
        this.site = builder.site;
        this.stack = builder.stack;
        this.message = builder.message;
        this.localAddress = builder.localAddress;
        this.remoteAddress = builder.remoteAddress;
        this.collected = builder.collected;
        this.firstCloseStack = builder.firstCloseStack;
        this.secondCloseStack = builder.secondCloseStack;
        this.currentStack = builder.currentStack;
        this.owner = builder.owner;
        this.referencePath = builder.referencePath;
        this.path = builder.path;
        this.command = builder.command;
        this.bytes = builder.bytes;
        this.allocator = builder.allocator;
        this.touches = builder.touches;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String kind() { return kind; }
    public Severity severity() { return severity; }
    public String resourceClass() { return resourceClass; }
    public long resourceId() { return resourceId; }
    public Attribution attribution() { return attribution; }
    public TestScope scope() { return attribution.scope(); }
    public String threadName() { return threadName; }
    public long threadId() { return threadId; }
    public boolean virtualThread() { return virtualThread; }
    public long openedAtMillis() { return openedAtMillis; }
    public String site() { return site; }
    public List<String> stack() { return stack; }
    public String message() { return message; }
    public String localAddress() { return localAddress; }
    public String remoteAddress() { return remoteAddress; }
    public boolean collected() { return collected; }
    public List<String> firstCloseStack() { return firstCloseStack; }
    public List<String> secondCloseStack() { return secondCloseStack; }
    /** For a thread still alive: what it is doing now; otherwise null. */
    public List<String> currentStack() { return currentStack; }
    /** The JDK component that created it, when no frame of the program did (then {@code site} is null). */
    public String owner() { return owner; }
    /** For retained and buffer findings: the chain of references from a root to the object, or null. */
    public List<String> referencePath() { return referencePath; }
    /** For a file: its path, where known. */
    public String path() { return path; }
    /** For a child process: its command line. */
    public String command() { return command; }
    /** For a buffer: the bytes it keeps (its capacity), or 0 when unknown. */
    public long bytes() { return bytes; }
    /** For a reference-counted buffer: the allocator that made it. */
    public String allocator() { return allocator; }
    /** For a reference-counted buffer: its last retains, releases and hand-overs, oldest first, or null. */
    public List<String> touches() { return touches; }

    /** Fluent construction; findings have many optional parts. */
    public static final class Builder {
        private String kind;
        private Severity severity = Severity.LEAK;
        private String resourceClass;
        private long resourceId;
        private Attribution attribution = Attribution.RUN;
        private String threadName;
        private long threadId;
        private boolean virtualThread;
        private long openedAtMillis;
        private String site;
        private List<String> stack = List.of();
        private String message;
        private String localAddress;
        private String remoteAddress;
        private boolean collected;
        private List<String> firstCloseStack;
        private List<String> secondCloseStack;
        private List<String> currentStack;
        private String owner;
        private List<String> referencePath;
        private String path;
        private String command;
        private long bytes;
        private String allocator;
        private List<String> touches;

        public Builder kind(String value) { kind = value; return this; }
        public Builder severity(Severity value) { severity = value; return this; }
        public Builder resourceClass(String value) { resourceClass = value; return this; }
        public Builder resourceId(long value) { resourceId = value; return this; }
        public Builder attribution(Attribution value) { attribution = value; return this; }
        public Builder thread(String name, long id, boolean virtual) {
            threadName = name;
            threadId = id;
            virtualThread = virtual;
            return this;
        }
        public Builder openedAtMillis(long value) { openedAtMillis = value; return this; }
        public Builder site(String value) { site = value; return this; }
        public Builder stack(List<String> value) { stack = value; return this; }
        public Builder message(String value) { message = value; return this; }
        public Builder addresses(String local, String remote) {
            localAddress = local;
            remoteAddress = remote;
            return this;
        }
        public Builder collected(boolean value) { collected = value; return this; }
        public Builder closeStacks(List<String> first, List<String> second) {
            firstCloseStack = first;
            secondCloseStack = second;
            return this;
        }

        public Builder currentStack(List<String> value) { currentStack = value; return this; }
        public Builder owner(String value) { owner = value; return this; }
        public Builder referencePath(List<String> value) { referencePath = value; return this; }
        public Builder path(String value) { path = value; return this; }
        public Builder command(String value) { command = value; return this; }
        public Builder bytes(long value) { bytes = value; return this; }
        public Builder allocator(String value) { allocator = value; return this; }
        public Builder touches(List<String> value) { touches = value; return this; }

        public Finding build() {
            return new Finding(this);
        }
    }
}
