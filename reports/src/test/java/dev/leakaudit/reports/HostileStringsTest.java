package dev.leakaudit.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakaudit.reports.model.ReportReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strings from a run stay data in every output: the page's JSON block, SARIF, JUnit XML. */
class HostileStringsTest {

    @TempDir
    Path dir;

    @Test
    void markupInNamesNeverLeavesItsJsonString() throws Exception {
        Path reports = PageSamples.largeRun(dir);
        Path sarif = dir.resolve("out.sarif");
        Path junit = dir.resolve("junit.xml");
        Fixtures.Run run = Fixtures.cli("report", "--out", dir.resolve("page").toString(), "--sarif", sarif.toString(),
                "--junit", junit.toString(), "--fail-on", "never", reports.toString());
        assertEquals(0, run.exit(), run.toString());
        String html = Files.readString(dir.resolve("page/index.html"));

        // Exactly the template's two script elements, and no markup from the data anywhere.
        Matcher scripts = Pattern.compile("<script", Pattern.CASE_INSENSITIVE).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
        }
        assertEquals(2, count);
        assertFalse(html.contains("<img"), "no img element in the page source");
        assertFalse(html.contains("__pwned='script'</script>"));
        assertFalse(html.contains("innerHTML") || html.contains("insertAdjacentHTML") || html.contains("document.write"),
                "the template never parses strings as markup");
        // The data block parses back to the very same strings.
        String block = html.substring(html.indexOf("id=\"leak-audit-data\">") + "id=\"leak-audit-data\">".length());
        block = block.substring(0, block.indexOf("</script>"));
        assertTrue(ReportReader.JSON.readTree(block).toString().contains(PageSamples.HOSTILE.replace("\"", "\\\"")));

        assertTrue(ReportReader.JSON.readTree(sarif.toFile()).toString().contains("left open by <script>"));
        var xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertTrue(xml.getDocumentElement().getTextContent().contains(PageSamples.HOSTILE));
    }
}
