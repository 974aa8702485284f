package dev.leakaudit.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The report format's fixed points: the schema name every per-JVM report carries, the published
 * JSON Schema (closed: it lists every field), and the page template both the agent and the reports
 * fill. Reads resources through this class's own loader, which works inside the agent jar too.
 */
public final class ReportFormat {

    /** The {@code schema} of a per-JVM report. */
    public static final String SCHEMA = "leak-audit/1";
    /** The published JSON Schema of {@link #SCHEMA}, as a class-path resource. */
    public static final String SCHEMA_RESOURCE = "dev/leakaudit/format/leak-audit-1.schema.json";
    /** The self-contained page, with {@link #PLACEHOLDER} where the data goes. */
    public static final String PAGE_RESOURCE = "dev/leakaudit/format/page/index.html";
    public static final String PLACEHOLDER = "{\"placeholder\":\"LEAK_AUDIT_DATA\"}";
    /** The {@code schema} of the page's data block. */
    public static final String PAGE_SCHEMA = "leak-audit-page/1";

    private ReportFormat() {
    }

    public static String schemaJson() {
        return resource(SCHEMA_RESOURCE);
    }

    public static String pageTemplate() {
        return resource(PAGE_RESOURCE);
    }

    /**
     * The page with {@code json} as its data. JSON cannot hold {@code <} outside strings, and inside
     * strings {@code \u003c} means the same, so no value can close the script block or open a comment.
     */
    public static String page(String json) {
        String template = pageTemplate();
        int at = template.indexOf(PLACEHOLDER);
        if (at < 0) {
            throw new IllegalStateException("the page template has no data placeholder");
        }
        String safe = json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        return template.substring(0, at) + safe + template.substring(at + PLACEHOLDER.length());
    }

    /**
     * The kind catalog as the page reads it: {@code {"socket": {"noun": ..., "severity": ..., "colour": ...}, ...}}.
     */
    public static void writeKinds(JsonWriter json) throws IOException {
        json.beginObject();
        for (Kind kind : Kinds.all()) {
            json.name(kind.id()).beginObject()
                    .member("noun", kind.noun())
                    .member("severity", kind.severity().reportName())
                    .member("colour", kind.colour())
                    .endObject();
        }
        json.endObject();
    }

    private static String resource(String name) {
        ClassLoader loader = ReportFormat.class.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(name) : loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
