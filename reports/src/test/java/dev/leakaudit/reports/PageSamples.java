package dev.leakaudit.reports;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A large run made from the agent's real sample report: 1,200+ findings over 40 creation sites
 * and 340 tests (many clean), one hostile test whose names and messages carry markup, the real
 * JFR recording for the chart, and a baseline that knows some of the findings.
 */
final class PageSamples {

    static final String HOSTILE = "<script>window.__pwned='script'</script><img src=x onerror=\"window.__pwned='img'\">";
    static final int FINDINGS = 1_201;

    private PageSamples() {
    }

    /** Writes the reports and the baseline; returns the folder that holds the reports. */
    static Path largeRun(Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        Fixtures.sample(reports);
        Files.delete(reports.resolve(Fixtures.REPORT));
        ObjectNode template = Fixtures.sampleTree();
        ArrayNode real = (ArrayNode) template.get("findings");
        ArrayNode findings = template.putArray("findings");
        ArrayNode tests = template.putArray("tests");
        for (int t = 0; t < 340; t++) {
            tests.addObject().put("test", "com.acme.net.Suite" + (t % 17) + "Test#case" + t).put("level", "test")
                    .put("displayName", "case" + t + "()").put("uniqueId", "[engine:junit-jupiter]/[test:" + t + "]")
                    .put("status", t % 41 == 0 ? "failed" : "successful").put("findings", 0);
        }
        for (int i = 0; i < FINDINGS - 1; i++) {
            ObjectNode finding = ((ObjectNode) real.get(i % real.size())).deepCopy();
            // Skewed like a real suite: a few sites account for most findings.
            int site = (int) Math.floor(40 * Math.pow((i * 7919 % 1000) / 1000.0, 3));
            int test = (i * 31 + site) % 143;
            String method = "open" + site;
            String newSite = "com.acme.net.Pool" + (site % 9) + "." + method + "(Pool" + (site % 9) + ".java:" + (20 + site) + ")";
            finding.put("site", newSite);
            finding.put("test", "com.acme.net.Suite" + (test % 17) + "Test#case" + test);
            finding.put("displayName", "case" + test + "()");
            ArrayNode stack = (ArrayNode) finding.get("stack");
            int at = 0;
            while (at < stack.size() && stack.get(at).asText().startsWith("java.")) {
                at++;
            }
            stack.set(Math.min(at, stack.size() - 1), new TextNode(newSite));
            findings.add(finding);
            ObjectNode record = (ObjectNode) tests.get(test);
            record.put("findings", record.get("findings").asInt() + 1);
        }
        ObjectNode hostile = ((ObjectNode) real.get(0)).deepCopy();
        hostile.put("test", "com.acme.Evil#" + HOSTILE);
        hostile.put("displayName", HOSTILE);
        hostile.put("thread", HOSTILE);
        hostile.put("message", "left open by " + HOSTILE);
        hostile.put("site", "com.acme.Evil.open(Evil.java:1)");
        ((ArrayNode) hostile.get("stack")).insert(0, HOSTILE);
        findings.add(hostile);
        tests.addObject().put("test", "com.acme.Evil#" + HOSTILE).put("level", "test").put("displayName", HOSTILE)
                .put("uniqueId", "[evil]").put("status", "successful").put("findings", 1);
        ObjectNode summary = (ObjectNode) template.get("summary");
        summary.put("findings", FINDINGS).put("leaks", FINDINGS).put("testsSeen", 341);
        Files.writeString(reports.resolve("leak-report-10533-mx24h94g.json"), 
                dev.leakaudit.reports.model.ReportReader.write(template));

        // The baseline knows the first half of the sites; findings elsewhere are new.
        Path accepted = dir.resolve("accepted");
        Files.createDirectories(accepted);
        ObjectNode older = template.deepCopy();
        ArrayNode kept = older.putArray("findings");
        findings.forEach(f -> {
            if (f.get("site").asText().matches("com\\.acme\\.net\\.Pool[0-4]\\..*")) {
                kept.add(f);
            }
        });
        Files.writeString(accepted.resolve("leak-report-1-old.json"), dev.leakaudit.reports.model.ReportReader.write(older));
        Fixtures.Run baseline = Fixtures.cli("baseline", "--out", dir.resolve("leak-audit-baseline.json").toString(),
                accepted.toString());
        assertEquals(0, baseline.exit(), baseline.toString());
        return reports;
    }
}
