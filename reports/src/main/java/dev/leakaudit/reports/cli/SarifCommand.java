package dev.leakaudit.reports.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.leakaudit.reports.ReportJobs;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.check.CheckPrinter;
import dev.leakaudit.reports.merge.MergedRun;

@Command(name = "sarif", mixinStandardHelpOptions = true,
        description = "Writes SARIF 2.1.0: one rule per kind, each finding on its source line.")
final class SarifCommand implements Callable<Integer> {

    @Mixin
    Inputs inputs;

    @Mixin
    SourceOptions sources;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "the .sarif file to write")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MergedRun run = inputs.run();
        Baseline baseline = inputs.baseline();
        ReportJobs.writeSarif(run, baseline, sources.project, sources.sourceRoots, out);
        spec.commandLine().getOut().println("leak-audit: SARIF for " + CheckPrinter.plural(run.distinct().size(),
                "distinct finding") + " in " + out);
        return 0;
    }
}
