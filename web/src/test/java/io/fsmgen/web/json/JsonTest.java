package io.fsmgen.web.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedValuesWithCommasWhereTheyBelong() {
        JsonOut out = new JsonOut().beginObject().field("a", 1).name("b").beginArray().value("x").value(true)
                .nullValue().beginObject().endObject().endArray().field("c", "d").endObject();
        assertEquals("{\"a\":1,\"b\":[\"x\",true,null,{}],\"c\":\"d\"}", out.toString());
    }

    @Test
    void escapesWhatWouldBreakAStringOrAPage() {
        String written = new JsonOut().value("quote \" backslash \\ line\nend </script> \u0001").toString();
        assertEquals("\"quote \\\" backslash \\\\ line\\nend \\u003c/script> \\u0001\"", written);
        assertEquals("quote \" backslash \\ line\nend </script> \u0001", JsonReader.parse(written, "test"));
    }

    @Test
    void resetStartsAFreshMessage() {
        JsonOut out = new JsonOut();
        out.beginArray().value(1).endArray();
        assertEquals("[2]", out.reset().beginArray().value(2).endArray().toString());
    }

    @Test
    void readsWhatItWrites() {
        Object value = JsonReader.parse("{\"n\": -12, \"f\": 1.5e2, \"s\": \"\\u00e9\", \"l\": [true, false, null]}",
                "test");
        assertEquals(Map.of("n", -12L, "f", 150.0, "s", "é", "l", java.util.Arrays.asList(true, false, null)), value);
        assertEquals(List.of(), JsonReader.parse(" [ ] ", "test"));
    }

    @Test
    void aMalformedDocumentNamesItsSourceAndOffset() {
        JsonReader.JsonException trailing = assertThrows(JsonReader.JsonException.class,
                () -> JsonReader.parse("{} x", "model.json"));
        assertEquals("model.json: at offset 3: text after the end of the document", trailing.getMessage());
        JsonReader.JsonException duplicate = assertThrows(JsonReader.JsonException.class,
                () -> JsonReader.parse("{\"a\": 1, \"a\": 2}", "m"));
        assertTrue(duplicate.getMessage().contains("'a' again"), duplicate.getMessage());
        assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse("[1,]", "m"));
        assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse("\"open", "m"));
        assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse("", "m"));
    }
}
