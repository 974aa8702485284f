package dev.leakaudit.reports.cli;

import picocli.CommandLine.Option;

import dev.leakaudit.reports.check.Gate;
import dev.leakaudit.reports.model.BadInputException;

/** How strict the gate is. */
final class GateOptions {

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "leak",
            description = "leak (default), warning or never: the lowest severity of a new finding that fails")
    String failOn;

    @Option(names = "--max", paramLabel = "KIND=N[,KIND=N]",
            description = "per-kind limits on distinct findings, e.g. socket=0,thread=3")
    String limits;

    Gate gate() throws BadInputException {
        return Gate.of(failOn, limits);
    }
}
