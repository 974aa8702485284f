package dev.leakaudit.maven;

import java.io.File;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prepends {@code -javaagent:leak-audit-agent.jar=...} to {@code argLine}, so that Surefire's (and
 * Failsafe's) test JVMs run under the agent; running it twice leaves one agent.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PrepareAgentMojo extends AbstractAgentMojo {

    /** Where every test JVM writes its leak-report-*.json. */
    @Parameter(property = "leakaudit.destDir", defaultValue = "${project.build.directory}/leak-audit")
    File destDir;

    @Override
    File destDir() {
        return destDir;
    }
}
