package dev.leakaudit.reports.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.leakaudit.reports.baseline.Comparison;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.BadInputException;
import dev.leakaudit.reports.model.ReportReader;
import dev.leakaudit.reports.sarif.SarifWriter;
import dev.leakaudit.reports.sarif.SourceLocator;

/** Writes the files more than one subcommand makes. */
final class Outputs {

    private Outputs() {
    }

    static void sarif(MergedRun run, Comparison comparison, SourceOptions sources, Path out)
            throws IOException, BadInputException {
        if (!Files.isDirectory(sources.project)) {
            throw new BadInputException("--project " + sources.project + " is not a folder");
        }
        SourceLocator locator = new SourceLocator(sources.project, sources.sourceRoots);
        String sarif = ReportReader.write(new SarifWriter(locator, LeakAuditCli.Version.version())
                .toSarif(run, comparison));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, sarif + "\n", StandardCharsets.UTF_8);
    }
}
