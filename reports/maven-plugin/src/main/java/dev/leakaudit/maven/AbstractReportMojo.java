package dev.leakaudit.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import dev.leakaudit.reports.ReportJobs;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.BadInputException;

/**
 * What report, check and baseline share: the module's leak-audit folders read as one run, and a
 * failure (never a skip) when its tests ran but left no report to read.
 */
abstract class AbstractReportMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** Skips every leak-audit goal. */
    @Parameter(property = "leakaudit.skip", defaultValue = "false")
    boolean skip;

    /**
     * Folders searched for the JVMs' leak-report-*.json (default: the folders of prepare-agent and
     * prepare-agent-integration, target/leak-audit and target/leak-audit-it).
     */
    @Parameter
    List<File> dataDirectories;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("leak-audit: skipped");
            return;
        }
        run();
    }

    abstract void run() throws MojoExecutionException, MojoFailureException;

    /** The module's run, or null when its tests did not run and nothing was audited. */
    MergedRun readRun() throws MojoExecutionException, MojoFailureException {
        List<Path> folders = new ArrayList<>();
        if (dataDirectories != null) {
            dataDirectories.forEach(folder -> folders.add(folder.toPath()));
        }
        ModuleRuns runs = ModuleRuns.of(project, folders);
        List<Path> withReports = runs.foldersWithReports();
        if (withReports.isEmpty()) {
            if (!runs.testResults().isEmpty()) {
                throw new MojoFailureException("leak-audit: " + MissingReports.explain(runs, session));
            }
            getLog().info("leak-audit: no tests ran in " + project.getArtifactId() + " and no JVM was audited: "
                    + "nothing to read");
            return null;
        }
        return read(withReports);
    }

    MergedRun read(List<Path> folders) throws MojoExecutionException {
        try {
            return ReportJobs.read(folders);
        } catch (BadInputException e) {
            throw new MojoExecutionException("leak-audit: " + e.getMessage());
        }
    }

    /** The baseline in {@code file}, or null when there is no such file. */
    Baseline readBaseline(File file) throws MojoExecutionException {
        if (file == null || !file.isFile()) {
            return null;
        }
        try {
            return ReportJobs.readBaseline(file.toPath());
        } catch (BadInputException e) {
            throw ParameterError.of("baseline", e.getMessage());
        }
    }

    /** Every source folder of the modules, so that SARIF results land on their lines. */
    static List<Path> sourceRoots(List<MavenProject> projects) {
        List<Path> roots = new ArrayList<>();
        for (MavenProject module : projects) {
            for (String root : module.getCompileSourceRoots()) {
                roots.add(Path.of(root));
            }
            for (String root : module.getTestCompileSourceRoots()) {
                roots.add(Path.of(root));
            }
        }
        return roots;
    }
}
