package dev.leakaudit.reports.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.leakaudit.reports.ReportJobs;

@Command(name = "junit", mixinStandardHelpOptions = true,
        description = "Writes JUnit XML with one failed test case per test that leaked.")
final class JUnitCommand implements Callable<Integer> {

    @Mixin
    Inputs inputs;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "the .xml file to write")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReportJobs.writeJUnit(inputs.run(), out);
        spec.commandLine().getOut().println("leak-audit: JUnit XML in " + out);
        return 0;
    }
}
