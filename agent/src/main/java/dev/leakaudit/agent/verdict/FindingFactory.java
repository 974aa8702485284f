package dev.leakaudit.agent.verdict;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.ledger.ResourceRecord;
import dev.leakaudit.agent.handlers.HandlerRegistration;
import dev.leakaudit.agent.handlers.HandlerTracker;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.tasks.TaskPhrases;
import dev.leakaudit.agent.threads.ThreadRecord;
import dev.leakaudit.agent.threads.ThreadRole;
import dev.leakaudit.agent.threads.ThreadTracker;
import dev.leakaudit.agent.timers.TimerRecord;
import dev.leakaudit.agent.timers.TimerTracker;
import dev.leakaudit.format.Severity;

/**
 * Builds every kind's findings, with messages a user can act on: sockets and channels left open or
 * closed twice, timers still pending, threads still alive, handlers still registered. Returns null
 * for excluded things.
 */
public final class FindingFactory {

    private final StackFrames stacks;
    private final Exclusions exclusions;
    private final long lingerMillis;
    private final JdkOwnership jdk;
    /** Sockets and channels whose finding was left out as the JDK's own ({@code jdkOwned=omit}), by resource id. */
    private final Set<Long> jdkOwnedLeftOut = ConcurrentHashMap.newKeySet();
    /** Stacks of every platform thread, taken once per batch of verdicts (one safepoint, not one per thread). */
    private Map<Thread, StackTraceElement[]> threadStacks;

    public FindingFactory(StackFrames stacks, Exclusions exclusions, long lingerMillis) {
        this(stacks, exclusions, lingerMillis, new JdkOwnership(false));
    }

    public FindingFactory(StackFrames stacks, Exclusions exclusions, long lingerMillis, JdkOwnership jdk) {
        this.stacks = stacks;
        this.exclusions = exclusions;
        this.lingerMillis = lingerMillis;
        this.jdk = jdk;
    }

    /**
     * True when a creation stack has no frame of the program and JDK-owned findings are left out
     * (the default): the JDK's own internals are not the program's findings.
     */
    public boolean isLeftOutAsJdkOwned(List<String> frames) {
        return !jdk.reportsJdkOwned() && JdkOwnership.ownerOf(frames) != null;
    }

    /** Left out as the JDK's own (and counted once per resource for the report's summary). */
    private boolean leftOutAsJdkOwned(ResourceRecord record) {
        if (!isLeftOutAsJdkOwned(record.creation().frames())) {
            return false;
        }
        jdkOwnedLeftOut.add(record.id());
        return true;
    }

    /**
     * The verdict on {@code record} found no finding: counted when that is because the JDK's own
     * internals opened it. Called once a verdict is made, never for a look ahead of it.
     */
    public void countIfLeftOutAsJdkOwned(ResourceRecord record) {
        List<String> frames = record.creation().frames();
        if (!exclusions.excludes(frames, StackFrames.site(frames))) {
            leftOutAsJdkOwned(record);
        }
    }

    /** How many sockets and channels had a finding left out as the JDK's own ({@code jdkOwned=omit}). */
    public int jdkOwnedLeftOut() {
        return jdkOwnedLeftOut.size();
    }

    /**
     * True when a resource's lifetime is a JDK component's to manage, not the program's: it was
     * created by the JDK's own internals, or through a JDK component such as {@code HttpServer.create}
     * or {@code HttpURLConnection}, which keeps and closes it itself. Such resources are not checked
     * for retention (whatever {@code jdkOwned} says: what a JDK object keeps is the JDK's design).
     */
    public boolean isJdkComponentsOwn(List<String> frames) {
        return JdkOwnership.ownerOf(frames) != null || JdkOwnership.componentBeforeSite(frames) != null;
    }

    /** "at com.acme.Pool.open(Pool.java:20)", or, for the JDK's own, "by JDK HttpServer internals (...)". */
    private static String openedWhere(String site, String owner) {
        return owner == null ? "at " + site
                : "by " + owner + " internals (no frame of the program on its creation stack)";
    }

    /** A batch of verdicts starts: thread stacks are taken at most once for all of it. Judge's lock held. */
    void startBatch() {
        threadStacks = null;
    }

    /** The batch ended: the stacks (and the threads they name) are let go. */
    void endBatch() {
        threadStacks = null;
    }

    private StackTraceElement[] currentStackOf(Thread thread) {
        if (!ThreadInfo.isVirtual(thread)) {
            Map<Thread, StackTraceElement[]> all = threadStacks;
            if (all == null) {
                all = Thread.getAllStackTraces();
                threadStacks = all;
            }
            StackTraceElement[] stack = all.get(thread);
            if (stack != null) {
                return stack;
            }
        }
        return thread.getStackTrace();
    }

    /** Report frames of a stack: bounded by {@code stackdepth}, shared with identical stacks of other findings. */
    public List<String> reportFrames(List<String> allFrames) {
        return stacks.reportFrames(allFrames);
    }

    /** True when a stack marks its object as test infrastructure or a user exclude. */
    public boolean isExcluded(List<String> allFrames) {
        return exclusions.excludes(allFrames, StackFrames.site(allFrames));
    }

    public long lingerMillis() {
        return lingerMillis;
    }

    public StackFrames stacks() {
        return stacks;
    }

    public Exclusions exclusions() {
        return exclusions;
    }

    /** True when the record's creation stack marks it as test infrastructure or a user exclude. */
    public boolean isExcluded(ResourceRecord record) {
        List<String> frames = record.creation().frames();
        return exclusions.excludes(frames, StackFrames.site(frames));
    }

    /** A resource left open (or collected without close) at the end of its owner. */
    public Finding leftOpen(ResourceRecord record, boolean atExit) {
        List<String> frames = record.creation().frames();
        String site = StackFrames.site(frames);
        if (exclusions.excludes(frames, site) || isLeftOutAsJdkOwned(frames)) {
            return null;
        }
        String owner = JdkOwnership.ownerOf(frames);
        site = owner == null ? site : null;
        boolean collected = record.wasCollectedOpen();
        Object resource = record.resourceOrNull();
        String[] addresses = addressesOf(resource);
        resource = null; // no strong reference beyond this point
        ThreadInfo thread = record.openingThread();
        String what = Phrases.simpleName(record.className()) + " (" + record.kind().noun() + ")";
        String message = what + ' ' + Phrases.owner("opened", record.attribution()) + ' '
                + (collected ? "was never closed; the garbage collector reclaimed it, and its descriptor stayed open "
                        + "until a collection happened to run"
                        : stillOpenPhrase(record.attribution(), atExit))
                + ". Opened " + openedWhere(site, owner) + " on thread " + Phrases.threadLabel(thread) + '.'
                + Phrases.endedLate(record)
                + Phrases.uncertainty(record.attribution(), thread)
                + (collected ? " Close it explicitly (try-with-resources)." : advice(record.attribution()));
        return Finding.builder()
                .kind(record.kind().reportName())
                .severity(Severity.LEAK)
                .resourceClass(record.className())
                .resourceId(record.id())
                .attribution(record.attribution())
                .thread(thread.name(), thread.id(), thread.isVirtual())
                .openedAtMillis(record.openedAtMillis())
                .site(site)
                .stack(stacks.reportFrames(frames))
                .addresses(addresses[0], addresses[1])
                .collected(collected)
                .owner(owner)
                .message(message)
                .build();
    }

    /** A second close of a resource already closed. */
    public Finding closedTwice(ResourceRecord record, CallStack secondClose, ThreadInfo thread, Attribution where) {
        List<String> frames = record.creation().frames();
        String site = StackFrames.site(frames);
        if (exclusions.excludes(frames, site) || leftOutAsJdkOwned(record)) {
            return null;
        }
        String owner = JdkOwnership.ownerOf(frames);
        site = owner == null ? site : null;
        List<String> first = record.firstClose() == null ? List.of() : record.firstClose().frames();
        List<String> second = secondClose.frames();
        String message = Phrases.simpleName(record.className()) + " (" + record.kind().noun() + ") opened "
                + openedWhere(site, owner) + " was closed twice: first " + (record.firstClose() == null ? "" : "at ")
                + record.firstCloseDescription() + ", again at " + StackFrames.site(second)
                + " on thread " + Phrases.threadLabel(thread) + ". The second close does nothing (close() is "
                + "idempotent), so this is a note: two cleanup paths ran for one resource.";
        return Finding.builder()
                .kind("double-close")
                .severity(Severity.NOTE)
                .resourceClass(record.className())
                .resourceId(record.id())
                .attribution(where)
                .thread(thread.name(), thread.id(), thread.isVirtual())
                .openedAtMillis(record.openedAtMillis())
                .site(site)
                .stack(stacks.reportFrames(frames))
                .closeStacks(stacks.reportFrames(first), stacks.reportFrames(second))
                .owner(owner)
                .message(message)
                .build();
    }

    /** A timer still pending at its deadline (the caller has checked it is not the JDK's own or excluded). */
    public Finding timerPending(TimerRecord record, boolean atExit) {
        List<String> frames = record.frames();
        if (isLeftOutAsJdkOwned(frames)) {
            return null;
        }
        String owner = JdkOwnership.ownerOf(frames);
        String site = owner == null ? StackFrames.site(frames) : null;
        Attribution attribution = record.attribution();
        boolean periodic = record.periodNanos() != 0;
        String message = describeTimer(record) + ' ' + Phrases.owner("scheduled", attribution) + ' '
                + (periodic ? "was never cancelled: it was " + TaskPhrases.after("still scheduled", attribution,
                                atExit, lingerMillis, "cancel")
                        : "had not run and was never cancelled: it was " + TaskPhrases.after("still pending",
                                attribution, atExit, lingerMillis, "cancel"))
                + ". Scheduled " + openedWhere(site, owner) + " on thread " + Phrases.threadLabel(record.scheduler()) + '.'
                + Phrases.endedLate(record)
                + Phrases.uncertainty(attribution, record.scheduler()) + ' ' + timerAdvice(record) + ' '
                + TaskPhrases.where(attribution) + '.';
        ThreadInfo thread = record.scheduler();
        return Finding.builder()
                .kind(TimerTracker.KIND)
                .severity(Severity.LEAK)
                .resourceClass(record.resourceClass())
                .resourceId(record.id())
                .attribution(attribution)
                .thread(thread.name(), thread.id(), thread.isVirtual())
                .openedAtMillis(record.scheduledAtMillis())
                .site(site)
                .stack(stacks.reportFrames(frames))
                .owner(owner)
                .message(message)
                .build();
    }

    /** "Periodic timer (ScheduledThreadPoolExecutor.scheduleAtFixedRate, every 100 ms, task Foo lambda)". */
    private static String describeTimer(TimerRecord record) {
        long period = record.periodNanos();
        String shape = period == 0 ? "One-shot timer" : "Periodic timer";
        StringBuilder text = new StringBuilder(shape).append(" (");
        if (record.source() == TimerRecord.Source.EXECUTOR) {
            String executor = record.ownerClass() == null ? "ScheduledThreadPoolExecutor"
                    : Phrases.simpleName(record.ownerClass());
            text.append(executor).append('.').append(record.method());
        } else {
            text.append("java.util.Timer.").append(period > 0 ? "scheduleAtFixedRate" : "schedule");
        }
        if (period != 0) {
            text.append(", every ").append(TaskPhrases.duration(period));
            if (record.delayNanos() > 0) {
                text.append(" after ").append(TaskPhrases.duration(record.delayNanos()));
            }
        } else {
            text.append(", delay ").append(TaskPhrases.duration(record.delayNanos()));
        }
        if (record.taskClass() != null) {
            text.append(", task ").append(Phrases.simpleName(record.taskClass()));
        }
        return text.append(')').toString();
    }

    private static String timerAdvice(TimerRecord record) {
        if (record.source() == TimerRecord.Source.TIMER) {
            return "Cancel the task (TimerTask.cancel()) or the Timer (Timer.cancel())";
        }
        return "Cancel it (ScheduledFuture.cancel()) or shut its executor down (shutdownNow(), or shutdown() "
                + "and awaitTermination())";
    }

    /** A thread still alive at its deadline (the caller has checked it is not the JDK's own or excluded). */
    public Finding threadAlive(ThreadRecord record, boolean atExit) {
        Thread thread = record.threadOrNull();
        if (thread == null || isLeftOutAsJdkOwned(record.frames())) {
            return null;
        }
        String name = thread.getName();
        boolean virtual = ThreadInfo.isVirtual(thread);
        String className = thread.getClass().getName();
        boolean ended = record.endedAtMillis() != 0;
        Throwable now = new Throwable();
        now.setStackTrace(ended ? new StackTraceElement[0] : currentStackOf(thread));
        List<String> current = StackFrames.allFrames(now);
        ThreadRole role = ThreadRole.of(thread, record.frames(), current);
        thread = null; // no strong reference beyond this point

        List<String> frames = record.frames();
        String owner = JdkOwnership.ownerOf(frames);
        String site = owner == null ? StackFrames.site(frames) : null;
        Attribution attribution = record.attribution();
        boolean collected = record.endedByCollector();
        String fate = collected
                ? "never stopped: its executor was never shut down, and the thread ended only when the garbage "
                        + "collector reclaimed the executor (its finalizer or cleaner shut it down), which may come "
                        + "at any time or never"
                : TaskPhrases.after("still alive", attribution, atExit, lingerMillis, "stop");
        String message = (virtual ? "Virtual thread " : "Thread ") + Phrases.threadLabel(name, record.threadId(), false)
                + role.phrase() + ' ' + Phrases.owner("started", attribution) + " was " + fate
                + ". start() was called " + openedWhere(site, owner) + " on thread " + Phrases.threadLabel(record.starter())
                + (collected ? "." : ended ? "." + Phrases.endedLate(record)
                        : "; it is now in " + TaskPhrases.whereNow(current) + '.')
                + Phrases.uncertainty(attribution, record.starter())
                + ' ' + role.advice() + ' ' + TaskPhrases.where(attribution) + '.';
        return Finding.builder()
                .kind(ThreadTracker.KIND)
                .severity(Severity.LEAK)
                .resourceClass(className)
                .resourceId(record.threadId())
                .attribution(attribution)
                .thread(name, record.threadId(), virtual)
                .openedAtMillis(record.startedAtMillis())
                .site(site)
                .stack(stacks.reportFrames(frames))
                .currentStack(stacks.reportFrames(current))
                .collected(collected)
                .owner(owner)
                .message(message)
                .build();
    }

    /** A handler registration still in place at its deadline; {@code advice} says how to remove it. */
    public Finding handlerLeft(HandlerRegistration registration, String advice, boolean atExit) {
        List<String> frames = registration.beganAt().frames();
        if (exclusions.excludes(frames, StackFrames.site(frames)) || isLeftOutAsJdkOwned(frames)) {
            return null; // (a library's registration for the life of the process is listed by SharedFixtures)
        }
        String owner = JdkOwnership.ownerOf(frames);
        String site = owner == null ? StackFrames.site(callerFrames(frames, registration.registeredWith())) : null;
        boolean shutdownHook = HandlerTracker.SHUTDOWN_HOOK.equals(registration.registeredWith());
        String what = shutdownHook
                ? "Shutdown hook " + Phrases.simpleName(registration.handlerClass())
                : "Handler " + Phrases.simpleName(registration.handlerClass()) + " registered with "
                        + registration.registeredWith()
                        + (registration.qualifier() == null ? "" : " for \"" + registration.qualifier() + '"');
        TestScope scope = registration.attribution().scope();
        String when;
        if (atExit || scope == null) {
            when = "was still registered when the run ended";
        } else if (scope.level() == TestScope.Level.CLASS) {
            when = "was still registered " + lingerMillis + " ms after the class finished";
        } else {
            when = "was still registered " + lingerMillis
                    + " ms after the test ended, and the class's teardown did not remove it";
        }
        String message = what + " (added " + Phrases.scope(registration.attribution()) + ") " + when
                + ". Registered " + openedWhere(site, owner) + " on thread " + Phrases.threadLabel(registration.thread()) + '.'
                + Phrases.endedLate(registration)
                + Phrases.uncertainty(registration.attribution(), registration.thread())
                + ' ' + advice;
        return Finding.builder()
                .kind("handler")
                .severity(Severity.LEAK)
                .resourceClass(registration.handlerClass())
                .resourceId(registration.id())
                .attribution(registration.attribution())
                .thread(registration.thread().name(), registration.thread().id(), registration.thread().isVirtual())
                .openedAtMillis(registration.atMillis())
                .site(site)
                .stack(stacks.reportFrames(frames))
                .owner(owner)
                .message(message)
                .build();
    }

    /** The frames below the add method itself: the site is where it was called. */
    private static List<String> callerFrames(List<String> frames, String registeredWith) {
        String prefix = registeredWith + '(';
        int first = 0;
        while (first < frames.size() - 1 && frames.get(first).startsWith(prefix)) {
            first++;
        }
        return frames.subList(first, frames.size());
    }

    /** The frames of a stack joined for a JFR string field. */
    public String stackText(CallStack captured) {
        return captured == null ? "" : String.join("\n", stacks.reportFrames(captured.frames()));
    }


    private String stillOpenPhrase(Attribution attribution, boolean atExit) {
        TestScope scope = attribution.scope();
        if (scope == null || atExit) {
            return "was still open when the run ended";
        }
        if (scope.level() == TestScope.Level.CLASS) {
            return "was still open " + lingerMillis + " ms after the class finished";
        }
        return "was still open " + lingerMillis + " ms after the test ended, and the class's teardown did not close it";
    }

    private static String advice(Attribution attribution) {
        TestScope scope = attribution.scope();
        if (scope == null) {
            return " Close it before the program exits.";
        }
        if (scope.level() == TestScope.Level.CLASS) {
            return " Close it in @AfterAll.";
        }
        return " Close it in the test (try-with-resources) or in @AfterEach.";
    }




    /** Local and remote address of a live resource, where it has them. */
    private static String[] addressesOf(Object resource) {
        String local = null;
        String remote = null;
        try {
            if (resource instanceof Socket) {
                Socket socket = (Socket) resource;
                local = text(socket.getLocalSocketAddress());
                remote = text(socket.getRemoteSocketAddress());
            } else if (resource instanceof ServerSocket) {
                local = text(((ServerSocket) resource).getLocalSocketAddress());
            } else if (resource instanceof SocketChannel) {
                local = text(((SocketChannel) resource).getLocalAddress());
                remote = text(((SocketChannel) resource).getRemoteAddress());
            } else if (resource instanceof AsynchronousSocketChannel) {
                local = text(((AsynchronousSocketChannel) resource).getLocalAddress());
                remote = text(((AsynchronousSocketChannel) resource).getRemoteAddress());
            } else if (resource instanceof AsynchronousServerSocketChannel || resource instanceof NetworkChannel) {
                local = text(((NetworkChannel) resource).getLocalAddress());
            }
        } catch (Exception | LinkageError ignored) {
            // a closed or half-built resource has no addresses to show
        }
        return new String[] {local, remote};
    }

    private static String text(Object address) {
        return address == null ? null : address.toString();
    }
}
