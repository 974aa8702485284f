package dev.leakaudit.agent.kinds.sockets;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.JdkOwnership;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.format.Severity;
import dev.leakaudit.agent.ledger.ThreadInfo;

/** How findings about sockets and channels read: left open (or collected unclosed), closed twice. */
public final class SocketFindings {

    private SocketFindings() {
    }

    /** A resource left open (or collected without close) at the end of its owner. */
    static Finding leftOpen(FindingContext context, ResourceRecord record, boolean atExit) {
        List<String> frames = record.creation().frames();
        String site = StackFrames.site(frames);
        if (context.exclusions().excludes(frames, site) || context.isLeftOutAsJdkOwned(frames)) {
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
                        : context.stillOpenPhrase(record.attribution(), atExit))
                + ". Opened " + FindingContext.openedWhere(site, owner) + " on thread " + Phrases.threadLabel(thread) + '.'
                + Phrases.endedLate(record)
                + Phrases.uncertainty(record.attribution(), thread)
                + (collected ? " Close it explicitly (try-with-resources)." : FindingContext.closeAdvice(record.attribution()));
        return Finding.builder()
                .kind(record.kind().reportName())
                .severity(Severity.LEAK)
                .resourceClass(record.className())
                .resourceId(record.id())
                .attribution(record.attribution())
                .thread(thread.name(), thread.id(), thread.isVirtual())
                .openedAtMillis(record.openedAtMillis())
                .site(site)
                .stack(context.reportFrames(frames))
                .addresses(addresses[0], addresses[1])
                .collected(collected)
                .owner(owner)
                .message(message)
                .build();
    }

    /** A second close of a resource already closed. */
    public static Finding closedTwice(FindingContext context, ResourceRecord record, CallStack secondClose, ThreadInfo thread, Attribution where) {
        List<String> frames = record.creation().frames();
        String site = StackFrames.site(frames);
        if (context.exclusions().excludes(frames, site) || context.leftOutAsJdkOwned(record.id(), record.creation().frames())) {
            return null;
        }
        String owner = JdkOwnership.ownerOf(frames);
        site = owner == null ? site : null;
        List<String> first = record.firstClose() == null ? List.of() : record.firstClose().frames();
        List<String> second = secondClose.frames();
        String message = Phrases.simpleName(record.className()) + " (" + record.kind().noun() + ") opened "
                + FindingContext.openedWhere(site, owner) + " was closed twice: first " + (record.firstClose() == null ? "" : "at ")
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
                .stack(context.reportFrames(frames))
                .closeStacks(context.reportFrames(first), context.reportFrames(second))
                .owner(owner)
                .message(message)
                .build();
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
