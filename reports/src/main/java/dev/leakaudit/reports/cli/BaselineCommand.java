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

@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Accepts the current findings: writes them as a small, reviewable baseline file to commit.")
final class BaselineCommand implements Callable<Integer> {

    @Mixin
    Inputs inputs;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = Baseline.FILE_NAME,
            description = "where to write it (default: ${DEFAULT-VALUE})")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MergedRun run = inputs.run();
        Baseline baseline = ReportJobs.writeBaseline(run, out);
        spec.commandLine().getOut().println("leak-audit: accepted " + CheckPrinter.plural(baseline.findings().size(),
                "distinct finding") + " into " + out + (run.crashedSessions().isEmpty() ? ""
                : " (" + run.crashedSessions().size() + " JVM(s) were not audited and add nothing)"));
        return 0;
    }
}
