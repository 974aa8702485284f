package dev.leakaudit.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import dev.leakaudit.reports.merge.MergedRun;

/**
 * One page for a multi-module build: every module's test JVMs merged. It runs in each module (bind it
 * in the parent, or name it last on the command line) and writes once, after the reactor's last
 * module, into the top-level project's target/leak-audit-aggregate. Fails when a module's tests
 * ran but left no report.
 */
@Mojo(name = "report-aggregate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportAggregateMojo extends AbstractReportMojo {

    static final String FOLDER = "leak-audit-aggregate";

    @Parameter(defaultValue = "${reactorProjects}", readonly = true, required = true)
    List<MavenProject> reactorProjects;

    /** Where the aggregate page and files go (default: target/leak-audit-aggregate of the top-level project). */
    @Parameter(property = "leakaudit.aggregateDirectory")
    File outputDirectory;

    /** The page's title (default: the top-level project's name). */
    @Parameter(property = "leakaudit.aggregateTitle")
    String title;

    /** Also write SARIF 2.1.0 (leak-audit.sarif). */
    @Parameter(property = "leakaudit.sarif", defaultValue = "true")
    boolean sarif;

    /** Also write JUnit XML (leak-audit-junit.xml). */
    @Parameter(property = "leakaudit.junit", defaultValue = "false")
    boolean junit;

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        MavenProject last = reactorProjects.get(reactorProjects.size() - 1);
        if (!last.equals(project)) {
            getLog().info("leak-audit: the aggregate is written after the last module, " + last.getArtifactId());
            return;
        }
        List<Path> folders = new ArrayList<>();
        List<String> notAudited = new ArrayList<>();
        for (MavenProject module : reactorProjects) {
            ModuleRuns runs = ModuleRuns.of(module, null);
            List<Path> withReports = runs.foldersWithReports();
            folders.addAll(withReports);
            if (withReports.isEmpty() && !runs.testResults().isEmpty()) {
                notAudited.add(module.getArtifactId() + ": " + MissingReports.explain(runs, session));
            }
        }
        if (!notAudited.isEmpty()) {
            throw new MojoFailureException("leak-audit: " + notAudited.size() + " module(s) ran tests that were not "
                    + "audited: " + String.join(System.lineSeparator() + "    ", notAudited));
        }
        if (folders.isEmpty()) {
            getLog().info("leak-audit: no module ran tests under the agent: nothing to aggregate");
            return;
        }
        MavenProject top = topLevel();
        Path folder = outputDirectory != null ? outputDirectory.toPath()
                : ModuleRuns.build(top).resolve(FOLDER);
        MergedRun run = read(folders);
        getLog().info("leak-audit: " + reactorProjects.size() + " modules, " + folders.size() + " report folders");
        new ReportOutputs(folder, title != null ? title : top.getName(), sarif, junit).write(run, null, null,
                top.getBasedir().toPath(), sourceRoots(reactorProjects), getLog());
    }

    private MavenProject topLevel() {
        MavenProject top = session.getTopLevelProject();
        return top != null ? top : reactorProjects.get(0);
    }
}
