package dev.leakaudit.maven;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

import dev.leakaudit.reports.ReportJobs;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.BadInputException;

/** The files report and report-aggregate write for a run: page, merged JSON, SARIF and JUnit XML. */
record ReportOutputs(Path folder, String title, boolean sarif, boolean junit) {

    void write(MergedRun run, Baseline baseline, Path baselineFile, Path projectRoot, List<Path> sourceRoots, Log log)
            throws MojoExecutionException {
        try {
            Path page = ReportJobs.writePage(run, title, baseline, baselineFile, folder, log::warn);
            Path merged = folder.resolve(ReportJobs.MERGED);
            ReportJobs.writeMerged(run, merged);
            ReportJobs.summary(run, new BuildLogOutput(log));
            log.info("page: " + page);
            log.info("merged: " + merged);
            if (sarif) {
                Path file = folder.resolve(ReportJobs.SARIF);
                ReportJobs.writeSarif(run, baseline, projectRoot, sourceRoots, file);
                log.info("sarif: " + file);
            }
            if (junit) {
                Path file = folder.resolve(ReportJobs.JUNIT);
                ReportJobs.writeJUnit(run, file);
                log.info("junit: " + file);
            }
        } catch (IOException | BadInputException e) {
            throw new MojoExecutionException("leak-audit: cannot write the report to " + folder + ": " + e.getMessage());
        }
    }
}
