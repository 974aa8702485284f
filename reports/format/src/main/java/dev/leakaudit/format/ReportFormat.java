package dev.leakaudit.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        try {
            writePage(page, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return page.toString(StandardCharsets.UTF_8);
    }

    /**
     * As {@link #page(String)}, written to {@code out} as UTF-8 straight from the template's bytes and
     * the data's: every forked JVM writes its page at exit, where decoding and encoding the template
     * as text cost more than the rest.
     */
    public static void writePage(OutputStream out, byte[] jsonUtf8) throws IOException {
        writePage(out, resourceBytes(PAGE_RESOURCE), jsonUtf8);
    }

    /** As {@link #writePage(OutputStream, byte[])} with the template's bytes, read by the caller (the agent, from its jar). */
    public static void writePage(OutputStream out, byte[] template, byte[] jsonUtf8) throws IOException {
        int at = indexOf(template, PLACEHOLDER.getBytes(StandardCharsets.US_ASCII));
        if (at < 0) {
            throw new IllegalStateException("the page template has no data placeholder");
        }
        out.write(template, 0, at);
        writeScriptSafe(out, jsonUtf8);
        int after = at + PLACEHOLDER.length();
        out.write(template, after, template.length - after);
    }

    /** {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as JSON escapes; runs between them copied as they are. */
    private static void writeScriptSafe(OutputStream out, byte[] json) throws IOException {
        int copied = 0;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            String escape = null;
            int width = 1;
            if (b == '<') {
                escape = "\\u003c";
            } else if (b == '>') {
                escape = "\\u003e";
            } else if (b == '&') {
                escape = "\\u0026";
            } else if (b == (byte) 0xE2 && i + 2 < json.length && json[i + 1] == (byte) 0x80
                    && (json[i + 2] == (byte) 0xA8 || json[i + 2] == (byte) 0xA9)) {
                escape = json[i + 2] == (byte) 0xA8 ? "\\u2028" : "\\u2029";
                width = 3;
            }
            if (escape != null) {
                out.write(json, copied, i - copied);
                out.write(escape.getBytes(StandardCharsets.US_ASCII));
                i += width - 1;
                copied = i + 1;
            }
        }
        out.write(json, copied, json.length - copied);
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
        return new String(resourceBytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] resourceBytes(String name) {
        ClassLoader loader = ReportFormat.class.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(name) : loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
