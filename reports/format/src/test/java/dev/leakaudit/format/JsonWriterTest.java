package dev.leakaudit.format;

import java.io.StringWriter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the agent writes is JSON a real parser reads back unchanged, whatever the strings hold. */
class JsonWriterTest {

    @Test
    void writesNestedValuesThatReadBack() throws Exception {
        StringWriter out = new StringWriter();
        String odd = "quote \" backslash \\ tab \t newline \n control \u0001 <script> \u2028 lone \ud800 end";
        new JsonWriter(out).beginObject()
                .member("text", odd)
                .member("none", (String) null)
                .member("count", 42L)
                .member("flag", true)
                .member("frames", List.of("a", "b"))
                .name("empty").beginArray().endArray()
                .name("inner").beginObject().member("x", 1L).endObject()
                .endObject();
        JsonNode read = new ObjectMapper().readTree(out.toString());
        assertEquals(odd.replace("\ud800", "\ufffd"), read.get("text").asText().replace("\ud800", "\ufffd"));
        assertTrue(read.get("none").isNull());
        assertEquals(42, read.get("count").asInt());
        assertTrue(read.get("flag").asBoolean());
        assertEquals(2, read.get("frames").size());
        assertEquals(0, read.get("empty").size());
        assertEquals(1, read.get("inner").get("x").asInt());
    }

    @Test
    void thePageEmbedsDataThatCannotEndItsScriptBlock() {
        String page = ReportFormat.page("{\"title\":\"</script><img src=x onerror=alert(1)>\"}");
        assertTrue(page.contains("\\u003c/script\\u003e\\u003cimg"), "markup in the data is escaped");
        assertTrue(!page.contains(ReportFormat.PLACEHOLDER));
    }

    @Test
    void thePageEscapesLineSeparatorsAndAmpersandsAndKeepsOtherTextAsItIs() {
        String template = ReportFormat.pageTemplate();
        int at = template.indexOf(ReportFormat.PLACEHOLDER);
        String page = ReportFormat.page("{\"a\":\"x&y\u2028z\u2029\u00e9\u2014\"}");
        assertEquals(template.substring(0, at) + "{\"a\":\"x\\u0026y\\u2028z\\u2029\u00e9\u2014\"}"
                + template.substring(at + ReportFormat.PLACEHOLDER.length()), page);
    }
}
