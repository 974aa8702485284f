package dev.leakaudit.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakaudit.reports.model.ReportReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SARIF 2.1.0: the schema's required fields, one rule per kind, and locations on the project's real files. */
class SarifTest {

    @TempDir
    Path dir;

    @Test
    void findingsLandOnTheirSourceLines() throws Exception {
        Path project = Fixtures.repository().resolve("agent/src/it/sample-project");
        Path sarif = dir.resolve("leak-audit.sarif");
        Fixtures.Run run = Fixtures.cli("sarif", "--project", project.toString(), "--out", sarif.toString(),
                Fixtures.sample(dir.resolve("reports")).toString());
        assertEquals(0, run.exit(), run.toString());
        JsonNode root = ReportReader.JSON.readTree(sarif.toFile());

        // Required by the 2.1.0 schema: version, runs; run.tool.driver.name; result.message.
        assertEquals("2.1.0", root.path("version").asText());
        assertTrue(root.path("$schema").asText().contains("sarif-2.1.0"));
        assertEquals(1, root.path("runs").size());
        JsonNode sarifRun = root.path("runs").get(0);
        JsonNode driver = sarifRun.path("tool").path("driver");
        assertEquals("leak-audit", driver.path("name").asText());

        Set<String> ruleIds = new HashSet<>();
        for (JsonNode rule : driver.path("rules")) {
            assertTrue(ruleIds.add(rule.path("id").asText()), "one rule per kind: " + rule);
            assertFalse(rule.path("shortDescription").path("text").asText().isBlank());
            assertFalse(rule.path("fullDescription").path("text").asText().isBlank());
        }
        assertEquals(Set.of("socket", "server-socket", "thread"), ruleIds);

        JsonNode results = sarifRun.path("results");
        assertEquals(3, results.size());
        int onSocketLine = 0;
        for (JsonNode result : results) {
            assertTrue(ruleIds.contains(result.path("ruleId").asText()), result.toString());
            assertEquals(result.path("ruleId").asText(),
                    driver.path("rules").get(result.path("ruleIndex").asInt()).path("id").asText());
            assertFalse(result.path("message").path("text").asText().isBlank());
            assertTrue(Set.of("error", "warning").contains(result.path("level").asText()));
            assertEquals(32, result.path("partialFingerprints").path("leakAudit/v1").asText().length());
            JsonNode physical = result.path("locations").get(0).path("physicalLocation");
            String uri = physical.path("artifactLocation").path("uri").asText();
            assertEquals("src/main/java/com/example/EchoServer.java", uri, result.toString());
            assertEquals("%SRCROOT%", physical.path("artifactLocation").path("uriBaseId").asText());
            Path file = project.resolve(uri);
            assertTrue(Files.isRegularFile(file), file.toString());
            int line = physical.path("region").path("startLine").asInt();
            String sourceLine = Files.readAllLines(file).get(line - 1);
            if (result.path("ruleId").asText().equals("socket")) {
                assertEquals(44, line);
                assertTrue(sourceLine.contains("new Socket"), "line 44 is where the socket is made: " + sourceLine);
                onSocketLine++;
            }
        }
        assertEquals(1, onSocketLine);
    }

    @Test
    void fingerprintsSurviveALineShiftAndJUnitXmlNamesTheTests() throws Exception {
        Path reports = dir.resolve("reports");
        Fixtures.sample(reports);
        Path shifted = Fixtures.variant(dir.resolve("shifted"), "leak-report-1-a.json", tree -> {
            tree.get("findings").forEach(f -> ((com.fasterxml.jackson.databind.node.ObjectNode) f)
                    .put("site", f.get("site").asText().replaceAll(":\\d+\\)", ":99)")));
            return tree;
        });
        Fixtures.cli("sarif", "--out", dir.resolve("a.sarif").toString(), reports.toString());
        Fixtures.cli("sarif", "--out", dir.resolve("b.sarif").toString(), shifted.toString());
        assertEquals(fingerprints(dir.resolve("a.sarif")), fingerprints(dir.resolve("b.sarif")));

        Path xml = dir.resolve("leak-audit-junit.xml");
        assertEquals(0, Fixtures.cli("junit", "--out", xml.toString(), reports.toString()).exit());
        var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        var cases = document.getElementsByTagName("testcase");
        assertEquals(2, cases.getLength());
        assertEquals(2, document.getElementsByTagName("failure").getLength());
        assertEquals("com.example.EchoServerTest", cases.item(0).getAttributes().getNamedItem("classname").getNodeValue());
    }

    private static Set<String> fingerprints(Path sarif) throws Exception {
        Set<String> all = new HashSet<>();
        ReportReader.JSON.readTree(sarif.toFile()).path("runs").get(0).path("results")
                .forEach(r -> all.add(r.path("partialFingerprints").path("leakAudit/v1").asText()));
        return all;
    }
}
