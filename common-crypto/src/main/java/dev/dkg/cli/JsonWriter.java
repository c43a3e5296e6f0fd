package dev.dkg.cli;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/**
 * Writes one JSON document (RFC 8259) for the {@code --json} output of listing and status commands, without a
 * JSON library. Calls follow the document's structure: {@code beginObject().name("id").value("ab12").endObject()};
 * a call out of place (a value where a name is due, an unclosed object) throws IllegalStateException, so a command
 * cannot print half a document. {@link #toString} gives the compact document without a trailing newline.
 */
public final class JsonWriter {
    private enum Scope { OBJECT, ARRAY }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Scope> scopes = new ArrayDeque<>();
    /** Whether the innermost scope has a member already (so the next needs a comma). */
    private final Deque<Boolean> nonEmpty = new ArrayDeque<>();
    private boolean nameWritten;
    private boolean complete;

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        scopes.push(Scope.OBJECT);
        nonEmpty.push(false);
        return this;
    }

    public JsonWriter endObject() {
        return end(Scope.OBJECT, '}');
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        scopes.push(Scope.ARRAY);
        nonEmpty.push(false);
        return this;
    }

    public JsonWriter endArray() {
        return end(Scope.ARRAY, ']');
    }

    /** The next member's name; must be followed by exactly one value (or object or array). */
    public JsonWriter name(String name) {
        if (scopes.peek() != Scope.OBJECT || nameWritten) {
            throw new IllegalStateException("a name belongs directly inside an object, before its value");
        }
        comma();
        string(name);
        out.append(':');
        nameWritten = true;
        return this;
    }

    /** A string value, or {@code null}. */
    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return afterScalar();
    }

    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return afterScalar();
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return afterScalar();
    }

    /** {@code name(name).value(value)}. */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** A member whose value is an array of strings. */
    public JsonWriter field(String name, Collection<String> values) {
        name(name).beginArray();
        for (String v : values) {
            value(v);
        }
        return endArray();
    }

    /** The finished document; throws IllegalStateException while an object or array is still open. */
    @Override
    public String toString() {
        if (!complete) {
            throw new IllegalStateException("the JSON document is not complete");
        }
        return out.toString();
    }

    private void beforeValue() {
        if (complete) {
            throw new IllegalStateException("the JSON document is already complete");
        }
        if (scopes.peek() == Scope.OBJECT) {
            if (!nameWritten) {
                throw new IllegalStateException("a value inside an object needs a name first");
            }
            nameWritten = false;
        } else if (scopes.peek() == Scope.ARRAY) {
            comma();
        }
    }

    /** A top-level scalar is the whole document; a top-level object or array completes when it ends. */
    private JsonWriter afterScalar() {
        complete = scopes.isEmpty();
        return this;
    }

    private void comma() {
        if (nonEmpty.pop()) {
            out.append(',');
        }
        nonEmpty.push(true);
    }

    private JsonWriter end(Scope scope, char close) {
        if (scopes.peek() != scope || nameWritten) {
            throw new IllegalStateException("no open " + scope.name().toLowerCase(java.util.Locale.ROOT) + " to end here");
        }
        scopes.pop();
        nonEmpty.pop();
        out.append(close);
        complete = scopes.isEmpty();
        return this;
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Control characters must be escaped; U+2028/2029 too, so the output is also valid JavaScript.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
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
