package dev.leakaudit.reports;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakaudit.reports.model.Finding;
import dev.leakaudit.reports.model.Fingerprint;
import dev.leakaudit.reports.model.Report;
import dev.leakaudit.reports.model.ReportReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void theAgentsReportSurvivesReadWriteRead() throws Exception {
        ReportReader reader = new ReportReader();
        Report first = reader.read(Fixtures.sample(dir));
        assertEquals(3, first.findings().size());
        assertEquals(4, first.tests().size());
        Path copy = Fixtures.variant(dir, "copy.json", tree -> (com.fasterxml.jackson.databind.node.ObjectNode)
                ReportReader.JSON.valueToTree(first));
        Report second = reader.read(copy);
        assertEquals(first, second);
        // Nothing the agent wrote is lost on the way: the trees are equal too, field for field.
        // (An address the agent wrote as null is left out, which reads back the same.)
        JsonNode original = Fixtures.sampleTree();
        original.get("findings").forEach(f -> {
            if (f.get("remoteAddress") != null && f.get("remoteAddress").isNull()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) f).remove("remoteAddress");
            }
        });
        JsonNode written = ReportReader.JSON.readTree(ReportReader.write(second));
        assertTrue(original.get("findings").equals(written.get("findings")), "findings differ after a round trip");
        assertEquals(original.get("tests"), written.get("tests"));
        assertEquals(original.get("agent"), written.get("agent"));
    }

    @Test
    void fingerprintsIgnoreLineNumbersAndLambdaNumbers() throws Exception {
        Finding finding = new ReportReader().read(Fixtures.sample(dir)).findings().get(0);
        Fingerprint fingerprint = finding.fingerprint();
        assertEquals("socket|com.example.EchoServer.connect|java.net.Socket|com.example.EchoServerTest#forgetsToCloseTheClient",
                fingerprint.key());
        assertEquals("com.acme.Pool.lambda$open", Fingerprint.methodOf("com.acme.Pool.lambda$open$3(Pool.java:12)"));
        assertEquals("com.acme.Pool.open", Fingerprint.methodOf("com.acme.Pool.open(Pool.java:99)"));
        assertEquals(32, fingerprint.hash().length());
        assertNotEquals(fingerprint.hash(), new Fingerprint("thread", fingerprint.method(), fingerprint.resource(),
                fingerprint.test()).hash());
    }

    /** The published schema accepts the agent's real output, and rejects what breaks the contract. */
    @Test
    void publishedSchemaAcceptsTheAgentsOutput() throws Exception {
        Schema schema;
        try (InputStream in = ModelRoundTripTest.class.getResourceAsStream(
                "/" + dev.leakaudit.format.ReportFormat.SCHEMA_RESOURCE)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
        List<Error> errors = schema.validate(ReportReader.write(Fixtures.sampleTree()), InputFormat.JSON);
        assertTrue(errors.isEmpty(), errors.toString());

        com.fasterxml.jackson.databind.node.ObjectNode broken = Fixtures.sampleTree();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("findings").get(0)).put("severity", "fatal");
        broken.remove("tests");
        List<Error> found = schema.validate(ReportReader.write(broken), InputFormat.JSON);
        assertTrue(found.size() >= 2, found.toString());
    }

    static void validateAgainstSchema(String json) throws Exception {
        try (InputStream in = ModelRoundTripTest.class.getResourceAsStream(
                "/" + dev.leakaudit.format.ReportFormat.SCHEMA_RESOURCE)) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            List<Error> errors = schema.validate(json, InputFormat.JSON);
            assertTrue(errors.isEmpty(), errors.toString());
        }
    }
}
