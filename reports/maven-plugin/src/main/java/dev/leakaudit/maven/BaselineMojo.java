package dev.leakaudit.maven;

import java.io.File;
import java.io.IOException;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.leakaudit.reports.ReportJobs;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.check.CheckPrinter;
import dev.leakaudit.reports.merge.MergedRun;

/** Accepts the module's current findings: writes them as the baseline that check compares with (commit it). */
@Mojo(name = "baseline", threadSafe = true)
public class BaselineMojo extends AbstractReportMojo {

    /** The baseline file to write. */
    @Parameter(property = "leakaudit.baseline", defaultValue = "${project.basedir}/leak-audit-baseline.json")
    File baseline;

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        MergedRun run = readRun();
        if (run == null) {
            return;
        }
        try {
            Baseline written = ReportJobs.writeBaseline(run, baseline.toPath());
            getLog().info("leak-audit: accepted " + CheckPrinter.plural(written.findings().size(), "distinct finding")
                    + " into " + baseline + (run.crashedSessions().isEmpty() ? ""
                    : " (" + run.crashedSessions().size() + " JVM(s) were not audited and add nothing)"));
        } catch (IOException e) {
            throw new MojoExecutionException("leak-audit: cannot write " + baseline + ": " + e.getMessage());
        }
    }
}
