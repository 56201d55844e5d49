package io.fsmgen.web.diagram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads of a parsed JSON object, each failure naming the resource and the member. */
final class Fields {

    private final Map<String, Object> object;
    private final String resource;

    Fields(Map<String, Object> object, String resource) {
        this.object = object;
        this.resource = resource;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String resource) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(resource + ": expected an object, found " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    boolean has(String name) {
        return object.containsKey(name);
    }

    Object get(String name) {
        if (!object.containsKey(name)) {
            throw new IllegalArgumentException(resource + ": member '" + name + "' is missing");
        }
        return object.get(name);
    }

    String string(String name) {
        Object value = get(name);
        if (!(value instanceof String)) {
            throw wrong(name, "a string", value);
        }
        return (String) value;
    }

    String optionalString(String name) {
        Object value = object.get(name);
        return value == null ? null : string(name);
    }

    long number(String name) {
        Object value = get(name);
        if (!(value instanceof Long)) {
            throw wrong(name, "a whole number", value);
        }
        return (Long) value;
    }

    boolean bool(String name) {
        Object value = get(name);
        if (!(value instanceof Boolean)) {
            throw wrong(name, "true or false", value);
        }
        return (Boolean) value;
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String name) {
        Object value = get(name);
        if (!(value instanceof List)) {
            throw wrong(name, "a list", value);
        }
        return (List<Object>) value;
    }

    List<String> strings(String name) {
        List<String> strings = new ArrayList<>();
        for (Object item : list(name)) {
            if (!(item instanceof String)) {
                throw wrong(name, "a list of strings", item);
            }
            strings.add((String) item);
        }
        return strings;
    }

    Map<String, Object> objectMember(String name) {
        Object value = get(name);
        if (!(value instanceof Map)) {
            throw wrong(name, "an object", value);
        }
        return object(value, resource);
    }

    private IllegalArgumentException wrong(String name, String expected, Object value) {
        return new IllegalArgumentException(resource + ": member '" + name + "' should be " + expected + ", not "
                + describe(value));
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof String s ? "\"" + s + "\"" : value.toString();
    }
}
