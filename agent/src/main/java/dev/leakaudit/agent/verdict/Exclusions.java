package dev.leakaudit.agent.verdict;

import dev.leakaudit.format.Kinds;

import java.util.ArrayList;
import java.util.List;

/**
 * Resources that are never reported. Test infrastructure is recognised by its creation site;
 * a user's excludes (option {@code excludes}) match any frame of the creation stack by prefix,
 * for every kind ({@code io.netty.}) or for one kind ({@code thread@io.netty.}).
 */
public final class Exclusions {

    /** Sites of resources that belong to the test runners, never to the code under test. */
    static final List<String> INFRASTRUCTURE_SITES = List.of(
            "org.apache.maven.surefire.",
            "org.apache.maven.plugin.surefire.",
            "org.junit.platform.",
            "org.gradle.",
            "worker.org.gradle.",
            "com.intellij.rt.",
            "org.eclipse.jdt.internal.junit",
            "org.jacoco.agent.rt.");      // JaCoCo's agent: its execution data file, kept open for the run

    /** The kinds a {@code kind@prefix} exclude may name, as the report names them. */
    public static final List<String> KINDS = Kinds.ids();

    private final List<String> userPrefixes = new ArrayList<>();
    private final List<String[]> kindPrefixes = new ArrayList<>();

    /** {@code excludes}: stack prefixes, each optionally {@code kind@prefix} (kinds checked by the options). */
    public Exclusions(List<String> excludes) {
        for (String exclude : excludes) {
            String kind = kindOf(exclude);
            if (kind != null && KINDS.contains(kind)) {
                kindPrefixes.add(new String[] {kind, exclude.substring(kind.length() + 1)});
            } else {
                userPrefixes.add(exclude);
            }
        }
    }

    /** The kind an exclude names before its {@code @} ({@code thread@io.netty.}), or null for a plain prefix. */
    public static String kindOf(String exclude) {
        int at = exclude.indexOf('@');
        String kind = at > 0 ? exclude.substring(0, at) : null;
        return kind != null && kind.matches("[a-z-]+") ? kind : null;
    }

    public boolean excludes(List<String> allFrames, String site) {
        if (site != null) {
            for (String prefix : INFRASTRUCTURE_SITES) {
                if (site.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return anyFrameStartsWith(allFrames, userPrefixes);
    }

    /** True when a {@code kind@prefix} exclude matches a finding of {@code kind} with this stack. */
    public boolean excludesKind(String kind, List<String> stack) {
        for (String[] exclude : kindPrefixes) {
            if (exclude[0].equals(kind) && anyFrameStartsWith(stack, List.of(exclude[1]))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyFrameStartsWith(List<String> frames, List<String> prefixes) {
        if (frames == null) {
            return false;
        }
        for (String frame : frames) {
            for (String prefix : prefixes) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
