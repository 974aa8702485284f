package dev.leakaudit.agent.kinds.bytebufs;

import java.util.List;

import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.format.Severity;

/** How a Netty buffer never released reads: what it keeps, who allocated it where, and its last touches. */
final class ByteBufFindings {

    /** Netty's own frames between the program and the allocator or the reference count. */
    private static final List<String> NETTY = List.of("io.netty.");
    private static final List<String> NETTY_BUFFERS = List.of("io.netty.buffer.", "io.netty.util.");

    private ByteBufFindings() {
    }

    static Finding neverReleased(FindingContext context, ByteBufRecord record, boolean atExit) {
        List<String> frames = record.beganAt().frames();
        String site = programSite(frames);
        if (context.exclusions().excludes(frames, site)) {
            return null;
        }
        boolean collected = record.lostUnended();
        int count = record.currentCount();
        int bytes = record.capacity();
        String what = Phrases.simpleName(record.resourceClassName()) + " ("
                + (record.isComposite() ? "composite" : record.isDirect() ? "direct" : "heap")
                + (bytes > 0 ? ", " + bytes + " bytes" : "")
                + (record.allocator() == null ? "" : ", from " + Phrases.simpleName(record.allocator())) + ")";
        String fate = collected
                ? "was never released: the garbage collector reclaimed it with its reference count above zero, so "
                        + (record.isDirect() ? "its memory went back to the allocator only if a cleaner ran, never to "
                        + "its pool" : "its allocator never got it back")
                : context.stillOpenPhrase(record.attribution(), atExit)
                        .replaceFirst("was still open", "was still unreleased (reference count "
                                + (count > 0 ? String.valueOf(count) : "above zero") + ")")
                        .replace("did not close it", "did not release it");
        List<String> touches = record.touchLines();
        String message = what + ' ' + Phrases.owner("allocated", record.attribution()) + ' ' + fate
                + ". Allocated at " + site + " on thread " + Phrases.threadLabel(record.beganOn()) + '.'
                + (touches.isEmpty() ? " Never retained or handed on after that."
                        : " Last touched: " + touches.get(touches.size() - 1) + '.')
                + (record.componentsTaken() > 0 ? " The buffers it took as components (" + record.componentsTaken()
                        + ") are not reported apart: releasing it releases them." : "")
                + Phrases.endedLate(record) + Phrases.uncertainty(record.attribution(), record.beganOn())
                + " Release it when done with it (buf.release() or ReferenceCountUtil.release(msg), in a finally "
                + "block); a handler that consumes a message must release it, or extend SimpleChannelInboundHandler.";
        return Finding.builder()
                .kind(ByteBufKind.KIND)
                .severity(Severity.LEAK)
                .resourceClass(record.resourceClassName())
                .resourceId(record.id())
                .attribution(record.attribution())
                .thread(record.beganOn().name(), record.beganOn().id(), record.beganOn().isVirtual())
                .openedAtMillis(record.beganAtMillis())
                .site(site)
                .stack(context.reportFrames(frames))
                .collected(collected)
                .bytes(Math.max(0, bytes))
                .allocator(record.allocator())
                .touches(touches.isEmpty() ? null : touches)
                .message(message)
                .build();
    }

    /**
     * Where the program asked: the first frame outside the JDK, the agent and Netty; for a buffer
     * Netty allocated on its own (an event loop reading a socket), the first outside Netty's buffers.
     */
    static String programSite(List<String> frames) {
        String outsideNetty = firstOutside(frames, NETTY);
        if (outsideNetty != null) {
            return outsideNetty;
        }
        String outsideBuffers = firstOutside(frames, NETTY_BUFFERS);
        return outsideBuffers != null ? outsideBuffers : StackFrames.site(frames);
    }

    private static String firstOutside(List<String> frames, List<String> prefixes) {
        for (String frame : frames) {
            if (StackFrames.isJdkOrAgent(frame) || startsWithAny(frame, prefixes)) {
                continue;
            }
            return frame;
        }
        return null;
    }

    private static boolean startsWithAny(String frame, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
