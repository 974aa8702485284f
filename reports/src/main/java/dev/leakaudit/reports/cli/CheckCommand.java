package dev.leakaudit.reports.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.leakaudit.reports.ReportJobs;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.check.Gate;
import dev.leakaudit.reports.merge.MergedRun;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Fails (exit 1) on findings beyond the baseline, on a kind over its limit, on a failed self-test "
                + "or a JVM not audited; prints what is new, fixed and unchanged.")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    Inputs inputs;

    @Mixin
    GateOptions gateOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Gate gate = gateOptions.gate();
        MergedRun run = inputs.run();
        Baseline baseline = inputs.baseline();
        PrintWriter out = spec.commandLine().getOut();
        int exit = ReportJobs.check(run, baseline, String.valueOf(inputs.baselineFile), gate, true,
                new ConsoleOutput(out));
        out.flush();
        return exit;
    }
}
