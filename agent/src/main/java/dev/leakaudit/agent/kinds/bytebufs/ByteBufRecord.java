package dev.leakaudit.agent.kinds.bytebufs;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;

/**
 * One buffer an allocator made, held weakly, with its capacity and allocator. It ends when its
 * reference count reaches zero; still above zero at its deadline it is a leak, and collected so it
 * is one whose memory the allocator never got back.
 */
final class ByteBufRecord extends Tracked {

    /** How many touches a finding shows: the last ones are where the buffer was lost. */
    static final int TOUCHES_KEPT = 4;

    private final long id;
    private final String className;
    private final int capacity;
    private final boolean direct;
    private final String allocator;
    private final WeakReference<Object> buffer;
    private final TestScopes scopes;
    private volatile boolean freed;
    /** The composite that took it as a component, if any: releasing that one releases this one. */
    private volatile ByteBufRecord owner;
    /** For a composite: how many tracked buffers it took as components. */
    private final java.util.concurrent.atomic.AtomicInteger components = new java.util.concurrent.atomic.AtomicInteger();
    private final Touch[] touches = new Touch[TOUCHES_KEPT];
    private int touchCount; // guarded by touches

    ByteBufRecord(long id, Object buffer, int capacity, boolean direct, String allocator, CallStack allocated,
                  long atMillis, ThreadInfo thread, Attribution attribution, TestScopes scopes) {
        super(attribution, atMillis, thread, allocated);
        this.id = id;
        this.className = buffer.getClass().getName();
        this.capacity = capacity;
        this.direct = direct;
        this.allocator = allocator;
        this.buffer = new WeakReference<>(buffer);
        this.scopes = scopes;
    }

    /** Its count reached zero (or its pooled object was handed out again): its end, the first counts. */
    boolean free(long atMillis, ThreadInfo thread) {
        freed = true;
        synchronized (touches) {
            java.util.Arrays.fill(touches, null); // nothing to show any more: let the stacks go now
        }
        return end(atMillis, "released", thread);
    }

    void ownedBy(ByteBufRecord composite) {
        owner = composite;
        composite.components.incrementAndGet();
    }

    int componentsTaken() {
        return components.get();
    }

    /** Its composite was left unreleased too: that finding covers it, as releasing it would release this. */
    boolean leftWithItsComposite() {
        ByteBufRecord composite = owner;
        return composite != null && composite != this && (composite.isPending() || composite.lostUnended());
    }

    void touched(String what, int countAfter, String hint, CallStack where) {
        Touch touch = new Touch(what, countAfter, hint, where, Thread.currentThread().getName());
        synchronized (touches) {
            touches[touchCount % TOUCHES_KEPT] = touch;
            touchCount++;
        }
    }

    /** The last touches, oldest first, each as one line with where it happened. */
    List<String> touchLines() {
        List<Touch> kept = new ArrayList<>(TOUCHES_KEPT);
        int total;
        synchronized (touches) {
            total = touchCount;
            for (int i = Math.max(0, total - TOUCHES_KEPT); i < total; i++) {
                kept.add(touches[i % TOUCHES_KEPT]);
            }
        }
        List<String> lines = new ArrayList<>(kept.size() + 1);
        if (total > TOUCHES_KEPT) {
            lines.add((total - TOUCHES_KEPT) + " earlier touches not kept");
        }
        for (Touch touch : kept) {
            lines.add(touch.line());
        }
        return lines;
    }

    /** Reachable, not freed, and its count still above zero. */
    @Override
    public boolean isPending() {
        Object target = buffer.get();
        if (freed || target == null) {
            return false;
        }
        int count = NettyBuffers.refCnt(target);
        return count != 0;
    }

    /** Never released to zero, and collected: the allocator never gets its memory back. */
    @Override
    public boolean lostUnended() {
        return !freed && buffer.get() == null;
    }

    /** Once a test runner reported tests, what was allocated outside every test is the runner's or the program's. */
    @Override
    public Finding finding(FindingContext findings, boolean atExit) {
        if (attribution().scope() == null && scopes.anyScopeSeen() || leftWithItsComposite()) {
            return null;
        }
        return ByteBufFindings.neverReleased(findings, this, atExit);
    }

    /** Past Netty's own allocation frames: where the program (or Netty's read loop) asked for it. */
    @Override
    public String madeAtSite() {
        return ByteBufFindings.programSite(madeAt());
    }

    @Override
    public String kindId() {
        return ByteBufKind.KIND;
    }

    @Override
    public String resourceClassName() {
        return className;
    }

    @Override
    public Object subjectOrNull() {
        return buffer.get();
    }

    /** Its count now, or -1 when it is gone or unreadable. */
    int currentCount() {
        Object target = buffer.get();
        return target == null ? -1 : NettyBuffers.refCnt(target);
    }

    long id() {
        return id;
    }

    /** The bytes it keeps: its capacity now if it is still reachable (a composite grows), else at allocation. */
    int capacity() {
        Object target = buffer.get();
        return target == null ? capacity : Math.max(capacity, NettyBuffers.capacity(target));
    }

    boolean isComposite() {
        return className.endsWith("CompositeByteBuf");
    }

    boolean isDirect() {
        return direct;
    }

    String allocator() {
        return allocator;
    }

    /** One retain, partial release or hand-over: what, the count after it, and where (a hand-over: its handler). */
    private static final class Touch {
        final String what;
        final int countAfter;
        final String hint;
        final CallStack where;
        final String thread;

        Touch(String what, int countAfter, String hint, CallStack where, String thread) {
            this.what = what;
            this.countAfter = countAfter;
            this.hint = hint;
            this.where = where;
            this.thread = thread;
        }

        String line() {
            // A pipeline's touch is the hand-over to its next handler, whose hint says which.
            boolean handedOn = hint != null && hint.contains("will handle the message");
            StringBuilder line = new StringBuilder(handedOn ? "handed on" : what);
            if (countAfter >= 0) {
                line.append(" (count ").append(countAfter).append(')');
            }
            if (hint != null) {
                line.append(": ").append(hint.endsWith(".") ? hint.substring(0, hint.length() - 1) : hint).append(',');
            }
            if (where != null) {
                line.append(" at ").append(ByteBufFindings.programSite(where.frames()));
            }
            return line.append(" on thread \"").append(thread).append('"').toString();
        }
    }
}
