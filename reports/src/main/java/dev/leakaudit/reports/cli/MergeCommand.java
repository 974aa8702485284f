package dev.leakaudit.reports.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.leakaudit.reports.ReportJobs;
import dev.leakaudit.reports.check.CheckPrinter;
import dev.leakaudit.reports.merge.MergedRun;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merges many JVMs' reports into one file (schema leak-audit-merged/1), one session per JVM.")
final class MergeCommand implements Callable<Integer> {

    @Mixin
    Inputs inputs;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "the merged file to write")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MergedRun run = inputs.run();
        ReportJobs.writeMerged(run, out);
        spec.commandLine().getOut().println("leak-audit: merged " + CheckPrinter.plural(run.sessions().size(), "JVM")
                + " (" + run.crashedSessions().size() + " not audited), " + CheckPrinter.plural(run.occurrences().size(),
                "finding") + " into " + out);
        return 0;
    }
}
