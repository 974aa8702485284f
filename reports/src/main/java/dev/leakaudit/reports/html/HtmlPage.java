package dev.leakaudit.reports.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakaudit.reports.baseline.Comparison;
import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.Fingerprint;
import dev.leakaudit.reports.model.ReportReader;
import dev.leakaudit.reports.timeline.Timeline;

/**
 * The self-contained page: the static template ({@code page/index.html}) with the run's data as
 * one JSON block (schema {@code leak-audit-page/1}). The agent fills the same template.
 */
public final class HtmlPage {

    public static final String TEMPLATE = "/dev/leakaudit/reports/page/index.html";
    /** What the template holds where the data goes; the agent replaces the same text. */
    public static final String PLACEHOLDER = "{\"placeholder\":\"LEAK_AUDIT_DATA\"}";
    public static final String SCHEMA = "leak-audit-page/1";

    public static String template() {
        try (InputStream in = HtmlPage.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the page template " + TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JSON cannot hold {@code <} outside strings, and inside strings {@code \u003c} means the same, so
     * no value can close the script block or open a comment.
     */
    public static String embed(String template, String json) {
        String safe = json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        int at = template.indexOf(PLACEHOLDER);
        if (at < 0) {
            throw new IllegalStateException("the page template has no data placeholder");
        }
        return template.substring(0, at) + safe + template.substring(at + PLACEHOLDER.length());
    }

    public static ObjectNode data(String title, MergedRun run, Baseline baseline, Path baselineFile,
                                  Comparison comparison, Timeline timeline) {
        ObjectNode data = ReportReader.JSON.createObjectNode();
        data.put("schema", SCHEMA);
        data.put("title", title);
        data.put("generatedAt", Instant.now().toString());
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
            node.put("recordings", timeline.recordings());
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
        Files.writeString(partial, embed(template(), ReportReader.write(data)), StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
