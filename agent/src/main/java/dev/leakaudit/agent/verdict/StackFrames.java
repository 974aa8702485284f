package dev.leakaudit.agent.verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns captured stacks into report frames: the agent's own frames dropped, depth bounded, and
 * identical stacks shared across findings.
 */
public final class StackFrames {

    private static final String AGENT_PACKAGE = "dev.leakaudit.agent.";
    private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private final int depth;
    private final Map<List<String>, List<String>> interned = new ConcurrentHashMap<>();

    public StackFrames(int depth) {
        this.depth = depth;
    }

    /** Every frame below the agent's own, unbounded (for exclusion checks). */
    public static List<String> allFrames(Throwable captured) {
        List<String> frames = new ArrayList<>();
        if (captured == null) {
            return frames;
        }
        boolean belowAgent = false;
        for (StackTraceElement element : captured.getStackTrace()) {
            if (!belowAgent && element.getClassName().startsWith(AGENT_PACKAGE)) {
                continue;
            }
            belowAgent = true;
            frames.add(format(element));
        }
        return frames;
    }

    /** The frames of a report: bounded by {@code stackdepth}, one shared list per distinct stack. */
    public List<String> reportFrames(List<String> allFrames) {
        List<String> bounded = allFrames.size() > depth ? allFrames.subList(0, depth) : allFrames;
        List<String> copy = Collections.unmodifiableList(new ArrayList<>(bounded));
        List<String> existing = interned.putIfAbsent(copy, copy);
        return existing != null ? existing : copy;
    }

    /** The first frame outside the JDK and the agent: where user code asked for the resource. */
    public static String site(List<String> allFrames) {
        for (String frame : allFrames) {
            if (!isJdkOrAgent(frame)) {
                return frame;
            }
        }
        return allFrames.isEmpty() ? null : allFrames.get(0);
    }

    /** A frame of the JDK or of the agent itself. */
    public static boolean isJdkOrAgent(String frame) {
        if (frame.startsWith(AGENT_PACKAGE)) {
            return true;
        }
        for (String prefix : JDK_PACKAGES) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String format(StackTraceElement element) {
        StringBuilder text = new StringBuilder(96).append(element.getClassName()).append('.')
                .append(element.getMethodName()).append('(');
        if (element.isNativeMethod()) {
            text.append("Native Method");
        } else if (element.getFileName() == null) {
            text.append("Unknown Source");
        } else {
            text.append(element.getFileName());
            if (element.getLineNumber() >= 0) {
                text.append(':').append(element.getLineNumber());
            }
        }
        return text.append(')').toString();
    }

    /** A short stable id for a stack, so tools can group findings that share one. */
    public static String stackId(List<String> frames) {
        return String.format("%08x", frames.hashCode());
    }
}
