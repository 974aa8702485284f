package dev.leakaudit.maven;

import java.io.File;
import java.util.List;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.leakaudit.reports.merge.MergedRun;

/**
 * Merges every test JVM's report of the module into one page (index.html), the merged JSON, SARIF
 * and, when asked, JUnit XML; prints the summary. Fails when tests ran but no report was written.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractReportMojo {

    /** Where index.html, leak-audit-merged.json, leak-audit.sarif and leak-audit-junit.xml go. */
    @Parameter(property = "leakaudit.outputDirectory", defaultValue = "${project.build.directory}/leak-audit")
    File outputDirectory;

    /** The page's title. */
    @Parameter(property = "leakaudit.title", defaultValue = "${project.name}")
    String title;

    /** Also write SARIF 2.1.0 (leak-audit.sarif), each finding on its source line. */
    @Parameter(property = "leakaudit.sarif", defaultValue = "true")
    boolean sarif;

    /** Also write JUnit XML (leak-audit-junit.xml), one failed test case per test that leaked. */
    @Parameter(property = "leakaudit.junit", defaultValue = "false")
    boolean junit;

    /** Accepted findings: the page and SARIF mark what is new. Used when the file exists. */
    @Parameter(property = "leakaudit.baseline", defaultValue = "${project.basedir}/leak-audit-baseline.json")
    File baseline;

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        MergedRun run = readRun();
        if (run == null) {
            return;
        }
        new ReportOutputs(outputDirectory.toPath(), title, sarif, junit).write(run, readBaseline(baseline),
                baseline.toPath(), project.getBasedir().toPath(), sourceRoots(List.of(project)), getLog());
    }
}
