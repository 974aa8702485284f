package dev.leakaudit.maven;

import java.io.File;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.leakaudit.reports.ReportJobs;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.check.Gate;
import dev.leakaudit.reports.merge.MergedRun;

/**
 * Fails the build on findings beyond the baseline (at or above failOn), on a kind over its maximum,
 * on a failed self-test and on a test JVM that was not audited (it died before writing its report);
 * the failure lists each new finding's kind, site and test.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractReportMojo {

    /** Accepted findings (write them with the baseline goal); without this file every finding is new. */
    @Parameter(property = "leakaudit.baseline", defaultValue = "${project.basedir}/leak-audit-baseline.json")
    File baseline;

    /** The lowest severity of a new finding that fails: leak, warning or never. */
    @Parameter(property = "leakaudit.failOn", defaultValue = "leak")
    String failOn;

    /** At most this many distinct findings of a kind, e.g. {@code <socket>0</socket><thread>3</thread>}. */
    @Parameter
    Map<String, String> maximums;

    /** Fail the build (true), or only log the failure (false). */
    @Parameter(property = "leakaudit.haltOnFailure", defaultValue = "true")
    boolean haltOnFailure;

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        Gate gate = GateParameters.gate(failOn, maximums);
        Baseline accepted = readBaseline(baseline);
        MergedRun run = readRun();
        if (run == null) {
            return;
        }
        if (accepted == null) {
            getLog().info("leak-audit: no baseline at " + baseline + ": every finding is new");
        }
        BuildLogOutput out = new BuildLogOutput(getLog());
        ReportJobs.check(run, accepted, String.valueOf(baseline), gate, true, out);
        if (out.failed()) {
            String message = out.failureMessage();
            if (haltOnFailure) {
                throw new MojoFailureException(message);
            }
            getLog().error(message);
            getLog().warn("leak-audit: haltOnFailure is false: the build goes on");
        }
    }
}
