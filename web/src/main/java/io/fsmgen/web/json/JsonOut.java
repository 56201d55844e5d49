package io.fsmgen.web.json;

import java.nio.charset.StandardCharsets;

/**
 * Writes JSON into a reusable buffer, with commas placed by nesting: {@code out.beginObject().name("a").value(1)
 * .endObject()}. Small on purpose: the page's messages are the only JSON this module writes, and a library for them
 * would be the module's only dependency.
 *
 * <p>Not thread-safe: each publisher writes its own.
 */
public final class JsonOut {

    private static final int MAX_DEPTH = 64;

    private final StringBuilder out = new StringBuilder(4096);
    /** Per nesting level: whether a value was already written there (so the next needs a comma). */
    private final boolean[] written = new boolean[MAX_DEPTH];
    private int depth;
    private boolean afterName;

    /** Empties the buffer for the next message. */
    public JsonOut reset() {
        out.setLength(0);
        depth = 0;
        afterName = false;
        written[0] = false;
        return this;
    }

    public JsonOut beginObject() {
        open('{');
        return this;
    }

    public JsonOut endObject() {
        close('}');
        return this;
    }

    public JsonOut beginArray() {
        open('[');
        return this;
    }

    public JsonOut endArray() {
        close(']');
        return this;
    }

    /** The name of the next member of the current object. */
    public JsonOut name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonOut value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    public JsonOut value(long value) {
        separate();
        out.append(value);
        return this;
    }

    public JsonOut value(double value) {
        separate();
        if (Double.isFinite(value)) {
            out.append(value);
        } else {
            out.append("null");
        }
        return this;
    }

    public JsonOut value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    public JsonOut nullValue() {
        separate();
        out.append("null");
        return this;
    }

    /** Shorthand for {@code name(name).value(value)}. */
    public JsonOut field(String name, String value) {
        return name(name).value(value);
    }

    public JsonOut field(String name, long value) {
        return name(name).value(value);
    }

    public JsonOut field(String name, boolean value) {
        return name(name).value(value);
    }

    /** Appends already-written JSON as one value (for documents produced elsewhere, such as a stored model). */
    public JsonOut raw(CharSequence json) {
        separate();
        out.append(json);
        return this;
    }

    /** How many characters are written so far. */
    public int length() {
        return out.length();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    public byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void open(char bracket) {
        separate();
        out.append(bracket);
        if (++depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        written[depth] = false;
    }

    private void close(char bracket) {
        if (depth == 0) {
            throw new IllegalStateException("unbalanced " + bracket);
        }
        depth--;
        out.append(bracket);
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (written[depth]) {
            out.append(',');
        }
        written[depth] = true;
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<' -> out.append("\\u003c"); // never "</script>" in a page that inlines a message
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
