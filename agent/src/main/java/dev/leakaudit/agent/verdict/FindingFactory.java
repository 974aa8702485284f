package dev.leakaudit.agent.verdict;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.ledger.ResourceRecord;
import dev.leakaudit.agent.ledger.ThreadInfo;

/** Builds findings, with messages a user can act on, from ledger records. Returns null for excluded resources. */
public final class FindingFactory {

    private final StackFrames stacks;
    private final Exclusions exclusions;
    private final long lingerMillis;

    public FindingFactory(StackFrames stacks, Exclusions exclusions, long lingerMillis) {
        this.stacks = stacks;
        this.exclusions = exclusions;
        this.lingerMillis = lingerMillis;
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
        List<String> frames = StackFrames.allFrames(record.creation());
        return exclusions.excludes(frames, StackFrames.site(frames));
    }

    /** A resource left open (or collected without close) at the end of its owner. */
    public Finding leftOpen(ResourceRecord record, boolean atExit) {
        List<String> frames = StackFrames.allFrames(record.creation());
        String site = StackFrames.site(frames);
        if (exclusions.excludes(frames, site)) {
            return null;
        }
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
                + ". Opened at " + site + " on thread " + Phrases.threadLabel(thread) + '.'
                + Phrases.uncertainty(record.attribution(), thread)
                + (collected ? " Close it explicitly (try-with-resources)." : advice(record.attribution()));
        return Finding.builder()
                .kind(record.kind().reportName())
                .severity(Finding.Severity.LEAK)
                .resourceClass(record.className())
                .resourceId(record.id())
                .attribution(record.attribution())
                .thread(thread.name(), thread.id(), thread.isVirtual())
                .openedAtMillis(record.openedAtMillis())
                .site(site)
                .stack(stacks.reportFrames(frames))
                .addresses(addresses[0], addresses[1])
                .collected(collected)
                .message(message)
                .build();
    }

    /** A second close of a resource already closed. */
    public Finding closedTwice(ResourceRecord record, Throwable secondClose, ThreadInfo thread, Attribution where) {
        List<String> frames = StackFrames.allFrames(record.creation());
        String site = StackFrames.site(frames);
        if (exclusions.excludes(frames, site)) {
            return null;
        }
        List<String> first = StackFrames.allFrames(record.firstClose());
        List<String> second = StackFrames.allFrames(secondClose);
        String message = Phrases.simpleName(record.className()) + " (" + record.kind().noun() + ") opened at " + site
                + " was closed twice: first at " + StackFrames.site(first) + ", again at " + StackFrames.site(second)
                + " on thread " + Phrases.threadLabel(thread) + ". The second close does nothing, but it means two cleanup "
                + "paths ran for one resource: make cleanup run once (guard it with a state flag).";
        return Finding.builder()
                .kind("double-close")
                .severity(Finding.Severity.WARNING)
                .resourceClass(record.className())
                .resourceId(record.id())
                .attribution(where)
                .thread(thread.name(), thread.id(), thread.isVirtual())
                .openedAtMillis(record.openedAtMillis())
                .site(site)
                .stack(stacks.reportFrames(frames))
                .closeStacks(stacks.reportFrames(first), stacks.reportFrames(second))
                .message(message)
                .build();
    }

    /** The frames of a stack joined for a JFR string field. */
    public String stackText(Throwable captured) {
        return String.join("\n", stacks.reportFrames(StackFrames.allFrames(captured)));
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
