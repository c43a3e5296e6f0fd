package dev.dkg.frost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The little of JSON the RFC 9591 vector files use: objects, arrays, strings without escapes, integers. */
final class Json {
    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    static Map<String, Object> resource(String name) {
        try (InputStream in = Json.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) new Json(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)).value();
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object value() {
        skipSpace();
        char c = text.charAt(at);
        if (c == '{') {
            Map<String, Object> object = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (text.charAt(at) == '}') {
                at++;
                return object;
            }
            while (true) {
                skipSpace();
                String key = (String) value();
                skipSpace();
                expect(':');
                object.put(key, value());
                skipSpace();
                if (text.charAt(at++) == '}') {
                    return object;
                }
            }
        }
        if (c == '[') {
            List<Object> array = new ArrayList<>();
            at++;
            skipSpace();
            if (text.charAt(at) == ']') {
                at++;
                return array;
            }
            while (true) {
                array.add(value());
                skipSpace();
                if (text.charAt(at++) == ']') {
                    return array;
                }
            }
        }
        if (c == '"') {
            int end = text.indexOf('"', at + 1);
            String s = text.substring(at + 1, end);
            at = end + 1;
            return s;
        }
        int start = at;
        while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '-')) {
            at++;
        }
        return Long.parseLong(text.substring(start, at));
    }

    private void expect(char c) {
        if (text.charAt(at++) != c) {
            throw new IllegalStateException("expected " + c + " at " + (at - 1));
        }
    }

    private void skipSpace() {
        while (Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
