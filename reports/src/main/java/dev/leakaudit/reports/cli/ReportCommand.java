package dev.leakaudit.reports.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.leakaudit.reports.ReportJobs;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.check.Gate;
import dev.leakaudit.reports.merge.MergedRun;

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
        Path folder = out != null ? out : Files.isDirectory(inputs.inputs.get(0)) ? inputs.inputs.get(0)
                : inputs.inputs.get(0).toAbsolutePath().getParent();
        PrintWriter console = spec.commandLine().getOut();
        Path projectName = sources.project.toAbsolutePath().normalize().getFileName();
        String pageTitle = title != null ? title : projectName == null ? "leak-audit" : projectName.toString();
        Path page = ReportJobs.writePage(run, pageTitle, baseline, inputs.baselineFile, folder, console::println);
        if (sarif != null) {
            ReportJobs.writeSarif(run, baseline, sources.project, sources.sourceRoots, sarif);
        }
        if (junit != null) {
            ReportJobs.writeJUnit(run, junit);
        }

        int exit = ReportJobs.check(run, baseline, String.valueOf(inputs.baselineFile), gate, false,
                new ConsoleOutput(console));
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
}
