package dev.leakaudit.reports.sarif;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakaudit.reports.baseline.Comparison;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.Finding;
import dev.leakaudit.reports.model.Fingerprint;
import dev.leakaudit.reports.model.NoteGroup;
import dev.leakaudit.reports.model.ReportReader;

/**
 * SARIF 2.1.0 for code-scanning tools: one rule per kind, one result per distinct finding
 * (fingerprint), leaks first, then warnings, then one per site of notes; each located on the
 * creation site's source line relative to the project root.
 */
public final class SarifWriter {

    public static final String FINGERPRINT_KEY = "leakAudit/v1";

    private final SourceLocator locator;
    private final String toolVersion;

    public SarifWriter(SourceLocator locator, String toolVersion) {
        this.locator = locator;
        this.toolVersion = toolVersion;
    }

    public ObjectNode toSarif(MergedRun run, Comparison comparison) {
        ObjectNode root = ReportReader.JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode sarifRun = root.putArray("runs").addObject();
        ObjectNode driver = sarifRun.putObject("tool").putObject("driver");
        driver.put("name", "leak-audit");
        driver.put("version", toolVersion);

        Map<Fingerprint, List<MergedRun.Occurrence>> distinct = run.distinct();
        Map<String, Integer> ruleIndex = new TreeMap<>();
        for (Fingerprint fingerprint : distinct.keySet()) {
            ruleIndex.putIfAbsent(fingerprint.kind(), 0);
        }
        List<NoteGroup> notes = run.noteGroups();
        for (NoteGroup note : notes) {
            ruleIndex.putIfAbsent(note.kind(), 0);
        }
        ArrayNode rules = driver.putArray("rules");
        int index = 0;
        for (Map.Entry<String, Integer> rule : ruleIndex.entrySet()) {
            rule.setValue(index++);
            KindDescriptions.Description description = KindDescriptions.of(rule.getKey());
            ObjectNode node = rules.addObject();
            node.put("id", rule.getKey());
            node.put("name", description.name());
            node.putObject("shortDescription").put("text", description.shortText());
            node.putObject("fullDescription").put("text", description.fullText());
            node.putObject("help").put("text", description.fullText());
            node.putObject("defaultConfiguration").put("level",
                    rule.getKey().equals("double-close") ? "note"
                            : rule.getKey().equals("cleanup-not-idempotent") ? "warning" : "error");
        }

        ArrayNode results = sarifRun.putArray("results");
        List<String> unresolved = new ArrayList<>();
        for (Map.Entry<Fingerprint, List<MergedRun.Occurrence>> entry : distinct.entrySet()) {
            Fingerprint fingerprint = entry.getKey();
            Finding finding = entry.getValue().get(0).finding();
            ObjectNode result = results.addObject();
            result.put("ruleId", fingerprint.kind());
            result.put("ruleIndex", ruleIndex.get(fingerprint.kind()));
            result.put("level", finding.isLeak() ? "error" : finding.isNote() ? "note" : "warning");
            String times = entry.getValue().size() == 1 ? "" : " (" + entry.getValue().size() + " times)";
            result.putObject("message").put("text", (finding.message() == null ? fingerprint.key() : finding.message())
                    + times);
            locate(result, finding.site(), fingerprint.method(), unresolved);
            result.putObject("partialFingerprints").put(FINGERPRINT_KEY, fingerprint.hash());
            ObjectNode properties = result.putObject("properties");
            properties.put("test", fingerprint.test());
            properties.put("resource", fingerprint.resource());
            properties.put("site", finding.site());
            properties.put("occurrences", entry.getValue().size());
            if (comparison != null) {
                result.put("baselineState", comparison.isNew(fingerprint) ? "new" : "unchanged");
            }
        }
        for (NoteGroup note : notes) { // after every leak and warning, one result per site
            Fingerprint fingerprint = new Fingerprint(note.kind(), Fingerprint.methodOf(note.site()),
                    note.resource() == null ? "" : note.resource(), "");
            ObjectNode result = results.addObject();
            result.put("ruleId", note.kind());
            result.put("ruleIndex", ruleIndex.get(note.kind()));
            result.put("level", "note");
            result.putObject("message").put("text", (note.message() == null ? fingerprint.key() : note.message())
                    + (note.count() == 1 ? "" : " (" + note.count() + " times in " + note.tests().size()
                            + (note.tests().size() == 1 ? " test)" : " tests)")));
            locate(result, note.site(), fingerprint.method(), unresolved);
            result.putObject("partialFingerprints").put(FINGERPRINT_KEY, fingerprint.hash());
            ObjectNode properties = result.putObject("properties");
            properties.put("resource", note.resource());
            properties.put("site", note.site());
            properties.put("occurrences", note.count());
        }
        sarifRun.putObject("originalUriBaseIds").putObject("%SRCROOT%")
                .putObject("description").put("text", "The root of the audited project.");
        sarifRun.putObject("properties").put("unresolvedSites", unresolved.size());
        return root;
    }

    /** The site's source file and line relative to the project root, when found; its method always. */
    private void locate(ObjectNode result, String site, String method, List<String> unresolved) {
        ObjectNode location = result.putArray("locations").addObject();
        Optional<SourceLocator.Location> source = locator.locate(site);
        if (source.isPresent()) {
            ObjectNode physical = location.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", source.get().relativePath())
                    .put("uriBaseId", "%SRCROOT%");
            if (source.get().line() != null && source.get().line() > 0) {
                physical.putObject("region").put("startLine", source.get().line());
            }
        } else {
            unresolved.add(site);
        }
        location.putArray("logicalLocations").addObject().put("fullyQualifiedName", method).put("kind", "function");
    }
}
