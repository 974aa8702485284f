package dev.leakaudit.agent.verdict;

import java.util.List;

/**
 * Resources that are never reported. Test infrastructure is recognised by its creation site;
 * a user's excludes (option {@code excludes}) match any frame of the creation stack by prefix.
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
            "org.eclipse.jdt.internal.junit");

    private final List<String> userPrefixes;

    public Exclusions(List<String> userPrefixes) {
        this.userPrefixes = List.copyOf(userPrefixes);
    }

    public boolean excludes(List<String> allFrames, String site) {
        if (site != null) {
            for (String prefix : INFRASTRUCTURE_SITES) {
                if (site.startsWith(prefix)) {
                    return true;
                }
            }
        }
        for (String frame : allFrames) {
            for (String prefix : userPrefixes) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
