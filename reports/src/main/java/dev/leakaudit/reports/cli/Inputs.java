package dev.leakaudit.reports.cli;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.leakaudit.reports.ReportJobs;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.BadInputException;

/** What every subcommand reads: report files, merged files or folders, and an optional baseline. */
final class Inputs {

    @Parameters(paramLabel = "REPORT_OR_DIR", arity = "1..*",
            description = "leak-report-*.json files, merged files, or folders searched for them")
    List<Path> inputs;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "accepted findings (leak-audit-baseline.json); only findings beyond it fail")
    Path baselineFile;

    MergedRun run() throws BadInputException {
        return ReportJobs.read(inputs);
    }

    Baseline baseline() throws BadInputException {
        return ReportJobs.readBaseline(baselineFile);
    }
}
