package dev.leakaudit.reports.baseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.BadInputException;
import dev.leakaudit.reports.model.Fingerprint;
import dev.leakaudit.reports.model.ReportReader;

/**
 * Findings accepted as known, by fingerprint: a small file meant to be reviewed and committed
 * ({@code leak-audit-baseline.json}). Line numbers are left out so that edits elsewhere keep it valid.
 */
public record Baseline(String schema, String note, List<Entry> findings) {

    public static final String SCHEMA = "leak-audit-baseline/1";
    public static final String FILE_NAME = "leak-audit-baseline.json";

    /** One accepted finding; {@code count} is how many times it occurred when accepted (for reading only). */
    public record Entry(String kind, String site, String resource, String test, int count) {
        public Fingerprint fingerprint() {
            return new Fingerprint(kind, site, resource, test);
        }
    }

    public Baseline {
        findings = List.copyOf(findings);
    }

    public static Baseline of(MergedRun run) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<Fingerprint, List<MergedRun.Occurrence>> entry : run.distinct().entrySet()) {
            Fingerprint f = entry.getKey();
            entries.add(new Entry(f.kind(), f.method(), f.resource(), f.test(), entry.getValue().size()));
        }
        return new Baseline(SCHEMA, "Accepted leak-audit findings: a run fails only on findings not listed here. "
                + "Identity is kind, site (class.method), resource class and test.", entries);
    }

    public Set<Fingerprint> fingerprints() {
        Set<Fingerprint> all = new TreeSet<>();
        for (Entry entry : findings) {
            all.add(entry.fingerprint());
        }
        return all;
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, ReportReader.write(this) + "\n", StandardCharsets.UTF_8);
    }

    public static Baseline read(Path file) throws BadInputException {
        JsonNode root = ReportReader.readTree(file);
        if (!SCHEMA.equals(root.path("schema").asText())) {
            throw new BadInputException(file + " is not a " + SCHEMA + " baseline (write one with: leak-audit baseline)");
        }
        try {
            Baseline baseline = ReportReader.JSON.treeToValue(root, Baseline.class);
            return baseline.findings() == null ? new Baseline(SCHEMA, baseline.note(), List.of()) : baseline;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BadInputException(file + " does not follow " + SCHEMA + ": " + e.getMessage());
        }
    }
}
