package dev.leakaudit.maven;

import java.io.File;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * As prepare-agent, for Failsafe's integration tests: runs before them and has a folder of its
 * own, so the integration tests' reports stay apart from the unit tests'.
 */
@Mojo(name = "prepare-agent-integration", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class PrepareAgentIntegrationMojo extends AbstractAgentMojo {

    /** Where every integration-test JVM writes its leak-report-*.json. */
    @Parameter(property = "leakaudit.destDir", defaultValue = "${project.build.directory}/leak-audit-it")
    File destDir;

    @Override
    File destDir() {
        return destDir;
    }
}
