package dev.dkg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void writesNestedObjectsAndArraysCompactly() {
        String json = new JsonWriter().beginObject()
                .field("id", "ab12")
                .field("count", 3)
                .field("open", false)
                .field("holders", List.of("alice", "bob"))
                .name("keys").beginArray()
                .beginObject().field("n", 1).endObject()
                .beginObject().endObject()
                .endArray()
                .name("none").value((String) null)
                .endObject().toString();
        assertThat(json).isEqualTo("{\"id\":\"ab12\",\"count\":3,\"open\":false,\"holders\":[\"alice\",\"bob\"],"
                + "\"keys\":[{\"n\":1},{}],\"none\":null}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String json = new JsonWriter().value("a\"b\\c\nd\te\u0001f\u2028").toString();
        assertThat(json).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028\"");
    }

    @Test
    void emptyArrayAtTopLevel() {
        assertThat(new JsonWriter().beginArray().endArray().toString()).isEqualTo("[]");
    }

    @Test
    void refusesAValueWithoutANameInsideAnObject() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesANameInsideAnArray() {
        assertThatThrownBy(() -> new JsonWriter().beginArray().name("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToPrintAnUnfinishedDocument() {
        JsonWriter w = new JsonWriter().beginObject().field("a", 1);
        assertThatThrownBy(w::toString).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesASecondTopLevelValue() {
        JsonWriter w = new JsonWriter().beginObject().endObject();
        assertThatThrownBy(() -> w.beginObject()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesMismatchedEnd() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().endArray()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").endObject())
                .isInstanceOf(IllegalStateException.class);
    }
}
