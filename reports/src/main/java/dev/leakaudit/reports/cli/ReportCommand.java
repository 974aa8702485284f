package dev.leakaudit.reports.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.baseline.Comparison;
import dev.leakaudit.reports.check.Gate;
import dev.leakaudit.reports.html.HtmlPage;
import dev.leakaudit.reports.junit.JUnitXmlWriter;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.Session;
import dev.leakaudit.reports.timeline.Timeline;
import dev.leakaudit.reports.timeline.TimelineReader;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Merges the reports, writes the HTML page (and SARIF, JUnit XML when asked), prints a summary, "
                + "and exits as check does.")
final class ReportCommand implements Callable<Integer> {

    @Mixin
    Inputs inputs;

    @Mixin
    GateOptions gateOptions;

    @Mixin
    SourceOptions sources;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "folder for index.html (default: the first folder named, or the first file's folder)")
    Path out;

    @Option(names = "--sarif", paramLabel = "FILE", description = "also write SARIF 2.1.0 here")
    Path sarif;

    @Option(names = "--junit", paramLabel = "FILE", description = "also write JUnit XML here")
    Path junit;

    @Option(names = "--title", paramLabel = "TEXT", description = "the page's title (default: the project folder)")
    String title;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Gate gate = gateOptions.gate();
        MergedRun run = inputs.run();
        Baseline baseline = inputs.baseline();
        Comparison comparison = Comparison.of(run, baseline);
        Path folder = out != null ? out : Files.isDirectory(inputs.inputs.get(0)) ? inputs.inputs.get(0)
                : inputs.inputs.get(0).toAbsolutePath().getParent();
        Path page = folder.resolve("index.html");
        PrintWriter console = spec.commandLine().getOut();
        Path projectName = sources.project.toAbsolutePath().normalize().getFileName();
        String pageTitle = title != null ? title : projectName == null ? "leak-audit" : projectName.toString();
        HtmlPage.write(page, HtmlPage.data(pageTitle, run, baseline, inputs.baselineFile, comparison,
                timeline(run, console)));
        if (sarif != null) {
            Outputs.sarif(run, baseline == null ? null : comparison, sources, sarif);
        }
        if (junit != null) {
            new JUnitXmlWriter().write(run, junit);
        }

        int exit = new Console(console).judge(run, comparison, baseline, String.valueOf(inputs.baselineFile), gate,
                false);
        console.println("page: " + page.toAbsolutePath().normalize());
        if (sarif != null) {
            console.println("sarif: " + sarif.toAbsolutePath().normalize());
        }
        if (junit != null) {
            console.println("junit: " + junit.toAbsolutePath().normalize());
        }
        console.flush();
        return exit;
    }

    /** Open resources over the run, from every JVM's recording; a recording that cannot be read costs the chart only. */
    private static Timeline timeline(MergedRun run, PrintWriter console) {
        List<Path> recordings = new ArrayList<>();
        for (Session session : run.sessions()) {
            if (session.jfr() != null && Files.isRegularFile(Path.of(session.jfr())) && !session.crashed()) {
                recordings.add(Path.of(session.jfr()));
            }
        }
        try {
            return recordings.isEmpty() ? null : new TimelineReader().read(recordings);
        } catch (IOException | RuntimeException e) {
            console.println("leak-audit: no timeline (a recording could not be read: " + e.getMessage() + ")");
            return null;
        }
    }
}
