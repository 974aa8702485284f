package dev.leakaudit.format;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A small streaming JSON writer with indentation. The agent writes one known document and must
 * not bring a JSON library into every program it is attached to; reading is done elsewhere with
 * a real parser. Strings are written as valid JSON whatever they hold (lone surrogates escaped).
 */
public final class JsonWriter {

    private final Writer out;
    private int depth;
    private boolean first = true;

    public JsonWriter(Writer out) {
        this.out = out;
    }

    public JsonWriter beginObject() throws IOException {
        separator();
        out.write('{');
        depth++;
        first = true;
        return this;
    }

    public JsonWriter endObject() throws IOException {
        depth--;
        if (!first) {
            newline();
        }
        out.write('}');
        first = false;
        return this;
    }

    public JsonWriter beginArray() throws IOException {
        separator();
        out.write('[');
        depth++;
        first = true;
        return this;
    }

    public JsonWriter endArray() throws IOException {
        depth--;
        if (!first) {
            newline();
        }
        out.write(']');
        first = false;
        return this;
    }

    /** Writes a member name; the next value call writes its value. */
    public JsonWriter name(String name) throws IOException {
        separator();
        string(name);
        out.write(": ");
        first = true; // the value that follows needs no separator
        pendingValue = true;
        return this;
    }

    private boolean pendingValue;

    public JsonWriter value(String value) throws IOException {
        separator();
        if (value == null) {
            out.write("null");
        } else {
            string(value);
        }
        first = false;
        return this;
    }

    public JsonWriter value(long value) throws IOException {
        separator();
        out.write(Long.toString(value));
        first = false;
        return this;
    }

    public JsonWriter value(boolean value) throws IOException {
        separator();
        out.write(value ? "true" : "false");
        first = false;
        return this;
    }

    public JsonWriter member(String name, String value) throws IOException {
        return name(name).value(value);
    }

    public JsonWriter member(String name, long value) throws IOException {
        return name(name).value(value);
    }

    public JsonWriter member(String name, boolean value) throws IOException {
        return name(name).value(value);
    }

    public JsonWriter member(String name, List<String> values) throws IOException {
        name(name);
        if (values == null) {
            return value((String) null);
        }
        beginArray();
        for (String item : values) {
            value(item);
        }
        return endArray();
    }

    private void separator() throws IOException {
        if (pendingValue) {
            pendingValue = false;
            return;
        }
        if (!first) {
            out.write(',');
        }
        if (depth > 0) {
            newline();
        }
    }

    private void newline() throws IOException {
        out.write('\n');
        for (int i = 0; i < depth; i++) {
            out.write("  ");
        }
    }

    private void string(String value) throws IOException {
        out.write('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.write("\\\""); break;
                case '\\': out.write("\\\\"); break;
                case '\n': out.write("\\n"); break;
                case '\r': out.write("\\r"); break;
                case '\t': out.write("\\t"); break;
                default:
                    if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < value.length()
                                && Character.isLowSurrogate(value.charAt(i + 1))) {
                            out.write(c);
                            out.write(value.charAt(++i));
                        } else {
                            out.write('\uFFFD'); // a lone surrogate has no UTF-8 form: the replacement character
                        }
                    } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
            }
        }
        out.write('"');
    }
}
