package dev.leakaudit.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.baseline.Comparison;
import dev.leakaudit.reports.check.CheckOutput;
import dev.leakaudit.reports.check.CheckPrinter;
import dev.leakaudit.reports.check.Gate;
import dev.leakaudit.reports.html.HtmlPage;
import dev.leakaudit.reports.junit.JUnitXmlWriter;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.merge.RunReader;
import dev.leakaudit.reports.model.BadInputException;
import dev.leakaudit.reports.model.ReportReader;
import dev.leakaudit.reports.model.Session;
import dev.leakaudit.reports.sarif.SarifWriter;
import dev.leakaudit.reports.sarif.SourceLocator;
import dev.leakaudit.reports.timeline.ReportTimelines;
import dev.leakaudit.reports.timeline.Timeline;
import dev.leakaudit.reports.timeline.TimelineReader;

/**
 * Every job of the reports, each done in one place: the command line's subcommands and the Maven
 * plugin's goals only carry their parameters here.
 */
public final class ReportJobs {

    /** The names the outputs get in a report folder, unless told otherwise. */
    public static final String PAGE = "index.html";
    public static final String SARIF = "leak-audit.sarif";
    public static final String JUNIT = "leak-audit-junit.xml";
    public static final String MERGED = "leak-audit-merged.json";

    private ReportJobs() {
    }

    /** Report files, merged files or folders searched for {@code leak-report-*}, as one run. */
    public static MergedRun read(List<Path> inputs) throws BadInputException {
        return new RunReader().read(inputs);
    }

    /** The baseline in {@code file}, or null when no file is named. */
    public static Baseline readBaseline(Path file) throws BadInputException {
        return file == null ? null : Baseline.read(file);
    }

    /**
     * The page, {@code folder/index.html}, with a chart of open resources from the JVMs' recordings
     * (a recording that cannot be read costs the chart only, and {@code notice} says so).
     */
    public static Path writePage(MergedRun run, String title, Baseline baseline, Path baselineFile, Path folder,
                                 Consumer<String> notice) throws IOException {
        Path page = folder.resolve(PAGE);
        HtmlPage.write(page, HtmlPage.data(title, run, baseline, baselineFile, Comparison.of(run, baseline),
                timeline(run, notice)));
        return page;
    }

    /** SARIF 2.1.0, each finding on its source line under {@code project} (every module's source roots, or those named). */
    public static void writeSarif(MergedRun run, Baseline baseline, Path project, List<Path> sourceRoots, Path out)
            throws IOException, BadInputException {
        if (!Files.isDirectory(project)) {
            throw new BadInputException("--project " + project + " is not a folder");
        }
        SourceLocator locator = new SourceLocator(project, sourceRoots);
        String sarif = ReportReader.write(new SarifWriter(locator, version())
                .toSarif(run, baseline == null ? null : Comparison.of(run, baseline)));
        writeText(out, sarif);
    }

    /** JUnit XML, one failed test case per test that leaked. */
    public static void writeJUnit(MergedRun run, Path out) throws IOException {
        new JUnitXmlWriter().write(run, out);
    }

    /** The run as one file (schema {@code leak-audit-merged/1}), which every job reads back. */
    public static void writeMerged(MergedRun run, Path out) throws IOException {
        writeText(out, ReportReader.write(run));
    }

    /** Accepts the run's findings: writes them as a baseline and returns it. */
    public static Baseline writeBaseline(MergedRun run, Path out) throws IOException {
        Baseline baseline = Baseline.of(run);
        baseline.write(out);
        return baseline;
    }

    /**
     * Judges the run against its baseline (null: none) through the gate, saying everything to
     * {@code out}; returns {@link Gate#PASS} or {@link Gate#FAIL}. {@code listWithoutBaseline}: with
     * no baseline, every finding is listed once as new.
     */
    public static int check(MergedRun run, Baseline baseline, String baselineName, Gate gate,
                            boolean listWithoutBaseline, CheckOutput out) {
        return new CheckPrinter(out).judge(run, Comparison.of(run, baseline), baseline, baselineName, gate,
                listWithoutBaseline);
    }

    /** The run's summary alone (counts, worst sites, JVMs not audited), with no verdict. */
    public static void summary(MergedRun run, CheckOutput out) {
        new CheckPrinter(out).summary(run);
    }

    /** The version of the reports, or the development version when run from classes. */
    public static String version() {
        String version = ReportJobs.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    /**
     * The reports' own counts when every JVM that finished wrote them (agents since the timeline
     * moved into the report); otherwise, for older agents, the open and close events of the
     * JVMs' flight recordings.
     */
    private static Timeline timeline(MergedRun run, Consumer<String> notice) {
        List<Path> recordings = new ArrayList<>();
        boolean everyReportCounted = true;
        for (Session session : run.sessions()) {
            if (session.crashed()) {
                continue;
            }
            everyReportCounted &= session.report() != null && session.report().timeline() != null;
            if (session.jfr() != null && Files.isRegularFile(Path.of(session.jfr()))) {
                recordings.add(Path.of(session.jfr()));
            }
        }
        if (everyReportCounted || recordings.isEmpty()) {
            return ReportTimelines.of(run.sessions());
        }
        try {
            return new TimelineReader().read(recordings);
        } catch (IOException | RuntimeException e) {
            notice.accept("leak-audit: no timeline (a recording could not be read: " + e.getMessage() + ")");
            return ReportTimelines.of(run.sessions());
        }
    }

    private static void writeText(Path out, String text) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, text + "\n", StandardCharsets.UTF_8);
    }
}
