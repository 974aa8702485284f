package dev.leakaudit.reports.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakaudit.format.Kind;
import dev.leakaudit.format.Kinds;
import dev.leakaudit.format.ReportFormat;
import dev.leakaudit.reports.baseline.Comparison;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.Fingerprint;
import dev.leakaudit.reports.model.ReportReader;
import dev.leakaudit.reports.timeline.Timeline;

/**
 * The self-contained page: the format's static template with the run's data (and the kind catalog)
 * as one JSON block (schema {@code leak-audit-page/1}). The agent fills the same template.
 */
public final class HtmlPage {

    public static final String SCHEMA = ReportFormat.PAGE_SCHEMA;

    public static ObjectNode data(String title, MergedRun run, Baseline baseline, Path baselineFile,
                                  Comparison comparison, Timeline timeline) {
        ObjectNode data = ReportReader.JSON.createObjectNode();
        data.put("schema", SCHEMA);
        data.put("title", title);
        data.put("generatedAt", Instant.now().toString());
        ObjectNode kinds = data.putObject("kinds");
        for (Kind kind : Kinds.all()) {
            kinds.putObject(kind.id()).put("noun", kind.noun()).put("severity", kind.severity().reportName())
                    .put("colour", kind.colour());
        }
        data.set("run", ReportReader.JSON.valueToTree(run));
        if (baseline != null && comparison != null) {
            ObjectNode node = data.putObject("baseline");
            node.put("file", baselineFile == null ? null : baselineFile.toString());
            ArrayNode added = node.putArray("new");
            for (Fingerprint fingerprint : comparison.added().keySet()) {
                added.add(fingerprint.key());
            }
            node.set("fixed", ReportReader.JSON.valueToTree(comparison.fixed()));
        }
        if (timeline != null) {
            ObjectNode node = data.putObject("timeline");
            node.put("start", timeline.startEpochMillis());
            node.put("end", timeline.endEpochMillis());
            node.put("jvms", timeline.jvms());
            node.put("source", timeline.source());
            node.set("kinds", ReportReader.JSON.valueToTree(timeline.kinds()));
            ArrayNode points = node.putArray("points");
            for (long[] point : timeline.points()) {
                ArrayNode row = points.addArray();
                for (long value : point) {
                    row.add(value);
                }
            }
        }
        return data;
    }

    public static void write(Path file, ObjectNode data) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, ReportFormat.page(ReportReader.write(data)), StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
