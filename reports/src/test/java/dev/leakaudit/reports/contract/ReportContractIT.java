package dev.leakaudit.reports.contract;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakaudit.reports.cli.LeakAuditCli;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.Report;
import dev.leakaudit.reports.model.ReportReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report format cannot drift: the real agent, on tests that make it write every field the
 * published schema declares (two JVMs: one with {@code jdkOwned=report}, one whose self-test fails),
 * writes files that the closed schema accepts and that the reports model reads with unknown fields
 * failing; merged, nothing is lost, field by field, and the merged file reads back the same way.
 */
class ReportContractIT {

    private static final String CLEANUP = "cleanup=" + EveryFieldScenarios.Manager.class.getName() + "#cleanup";

    @TempDir
    Path dir;

    @Test
    void everyFieldTheAgentWritesIsPublishedReadAndMergedWithoutLoss() throws Exception {
        String fixture = EveryFieldScenarios.class.getName();
        Path reportsJdkOwned = AgentJvm.run(dir, "jdk-owned", fixture, "linger=300ms,jdkOwned=report,jfr=true," + CLEANUP);
        Path failedSelfTest = AgentJvm.run(dir, "failed-self-test", fixture, "linger=300ms,jfr=false," + CLEANUP,
                "-Dleakaudit.selftest.fail=timer");
        Schema schema = schema();
        List<JsonNode> originals = new ArrayList<>();
        TreeSet<String> written = new TreeSet<>();
        for (Path file : List.of(reportsJdkOwned, failedSelfTest)) {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            List<Error> errors = schema.validate(json, InputFormat.JSON);
            assertTrue(errors.isEmpty(), file.getFileName() + " breaks the published schema: " + errors);
            JsonNode tree = ReportReader.JSON.readTree(json);
            ReportReader.STRICT.treeToValue(tree, Report.class); // fails on any field the model does not know
            fieldsWritten(tree, "", written);
            originals.add(tree);
        }
        assertEquals("failed: auditing was off for timer", originals.get(1).get("agent").get("selfTest").asText()
                .replaceAll(" \\(.*", ""));

        TreeSet<String> declared = new TreeSet<>();
        fieldsDeclared(schemaTree(), schemaTree(), "", declared);
        TreeSet<String> neverWritten = new TreeSet<>(declared);
        neverWritten.removeAll(written);
        assertEquals(new TreeSet<>(), neverWritten, "fields the schema declares that the fixture never made the agent write");
        TreeSet<String> undeclared = new TreeSet<>(written);
        undeclared.removeAll(declared);
        assertEquals(new TreeSet<>(), undeclared, "fields the agent writes that the schema does not declare");

        Path merged = dir.resolve("merged.json");
        assertEquals(0, LeakAuditCli.run(new String[] {"merge", "--out", merged.toString(), reportsJdkOwned.toString(),
                failedSelfTest.toString()}, System.out, System.err));
        JsonNode mergedTree = ReportReader.JSON.readTree(Files.readString(merged, StandardCharsets.UTF_8));
        MergedRun run = ReportReader.STRICT.treeToValue(mergedTree, MergedRun.class);
        assertEquals(2, run.sessions().size());
        for (int i = 0; i < 2; i++) {
            List<String> differences = new ArrayList<>();
            compare(originals.get(i), mergedTree.get("sessions").get(i).get("report"), "", differences);
            assertEquals(List.of(), differences, "what merge changed in report " + i);
        }

        // Every command that reads a merged file reads this one.
        for (String[] command : List.of(new String[] {"check", "--fail-on", "never", merged.toString()},
                new String[] {"report", "--fail-on", "never", "--out", dir.resolve("page").toString(), merged.toString()},
                new String[] {"sarif", "--out", dir.resolve("run.sarif").toString(), merged.toString()},
                new String[] {"junit", "--out", dir.resolve("junit.xml").toString(), merged.toString()})) {
            int exit = LeakAuditCli.run(command, System.out, System.err);
            assertTrue(exit == 0 || exit == 1, String.join(" ", command) + " exited " + exit);
        }
    }

    /** Paths of every field present with a value, e.g. {@code findings[].owner}; maps' own keys are not fields. */
    private static void fieldsWritten(JsonNode node, String path, TreeSet<String> fields) {
        if (node.isArray()) {
            node.forEach(item -> fieldsWritten(item, path + "[]", fields));
        } else if (node.isObject() && !isMap(path)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                    fields.add(child);
                    fieldsWritten(field.getValue(), child, fields);
                }
            }
        }
    }

    private static boolean isMap(String path) {
        return path.equals("agent.options") || path.equals("selfTest.kinds") || path.equals("summary.byKind")
                || path.equals("summary.notesByKind");
    }

    /** Paths of every field the schema declares, following {@code $ref}s and array items. */
    private static void fieldsDeclared(JsonNode schema, JsonNode root, String path, TreeSet<String> fields) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText().replace("#/$defs/", "");
            fieldsDeclared(root.get("$defs").get(ref), root, path, fields);
            return;
        }
        if (schema.has("items")) {
            fieldsDeclared(schema.get("items"), root, path + "[]", fields);
        }
        if (schema.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                fields.add(child);
                fieldsDeclared(property.getValue(), root, child, fields);
            }
        }
    }

    /** Every value of {@code original} is in {@code merged}, equal; {@code merged} adds nothing. Null and absent are one. */
    private static void compare(JsonNode original, JsonNode merged, String path, List<String> differences) {
        boolean originalMissing = original == null || original.isNull();
        boolean mergedMissing = merged == null || merged.isNull();
        if (originalMissing || mergedMissing) {
            if (originalMissing != mergedMissing) {
                differences.add(path + ": " + original + " became " + merged);
            }
            return;
        }
        if (original.isObject() && merged.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            original.fieldNames().forEachRemaining(names::add);
            merged.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(original.get(name), merged.get(name), path + "." + name, differences);
            }
        } else if (original.isArray() && merged.isArray()) {
            if (original.size() != merged.size()) {
                differences.add(path + ": " + original.size() + " items became " + merged.size());
                return;
            }
            for (int i = 0; i < original.size(); i++) {
                compare(original.get(i), merged.get(i), path + "[" + i + "]", differences);
            }
        } else if (original.isNumber() && merged.isNumber()) {
            if (original.decimalValue().compareTo(merged.decimalValue()) != 0) {
                differences.add(path + ": " + original + " became " + merged);
            }
        } else if (!original.equals(merged)) {
            differences.add(path + ": " + original + " became " + merged);
        }
    }

    private static JsonNode schemaTree() throws Exception {
        try (InputStream in = ReportContractIT.class.getResourceAsStream("/" + dev.leakaudit.format.ReportFormat.SCHEMA_RESOURCE)) {
            return ReportReader.JSON.readTree(in);
        }
    }

    private static Schema schema() throws Exception {
        try (InputStream in = ReportContractIT.class.getResourceAsStream("/" + dev.leakaudit.format.ReportFormat.SCHEMA_RESOURCE)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }
}
