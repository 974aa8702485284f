package dev.leakaudit.format;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog is the one list of kinds: the published schema names exactly these. */
class KindsTest {

    @Test
    void theSchemaListsExactlyTheCatalogsKinds() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(ReportFormat.schemaJson());
        List<String> declared = new ArrayList<>();
        schema.get("$defs").get("kind").get("enum").forEach(kind -> declared.add(kind.asText()));
        assertEquals(Kinds.ids(), declared);
    }

    @Test
    void everyKindReadsWell() {
        Set<String> rules = new HashSet<>();
        for (Kind kind : Kinds.all()) {
            assertTrue(kind.id().matches("[a-z]+(-[a-z]+)*"), kind.id());
            assertTrue(rules.add(kind.ruleName()), "rule names are unique: " + kind.ruleName());
            assertTrue(kind.colour().matches("#[0-9a-f]{6}"), kind.colour());
            assertTrue(!kind.noun().isBlank() && !kind.shortText().isBlank() && kind.fullText().endsWith("."), kind.id());
        }
        assertEquals(Severity.NOTE, Kinds.named("double-close").severity());
        assertEquals(Severity.WARNING, Kinds.named("cleanup-not-idempotent").severity());
        assertNull(Kinds.of("sockets"));
        assertThrows(IllegalArgumentException.class, () -> Kinds.named("sockets"));
    }
}
