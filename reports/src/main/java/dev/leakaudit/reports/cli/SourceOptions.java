package dev.leakaudit.reports.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/** Where the audited project's sources are, so that SARIF locations land on real files. */
final class SourceOptions {

    @Option(names = "--project", paramLabel = "DIR", description = "the audited project's root (default: .)")
    Path project = Paths.get(".");

    @Option(names = "--source-root", paramLabel = "DIR",
            description = "a source root relative to the project (repeatable; default: every src/*/java, kotlin, "
                    + "scala and groovy folder of every module)")
    List<Path> sourceRoots = new ArrayList<>();
}
