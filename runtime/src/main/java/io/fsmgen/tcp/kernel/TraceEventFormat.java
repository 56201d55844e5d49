package io.fsmgen.tcp.kernel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of one trace event, parsed from its tracefs {@code format} file ({@code events/<system>/<name>/format}).
 *
 * <p>Why read it instead of hard-coding offsets: layouts change between kernel versions ({@code tcp_send_reset}
 * gained {@code reason} in 6.10 and moved its addresses to sockaddr arrays in 5.x), and the file states them for the
 * running kernel. Only the fields a decoder asks for must exist; others are ignored.
 *
 * @param name   the event's name, e.g. {@code inet_sock_set_state}
 * @param id     the event id, the {@code common_type} value that marks its records in the ring buffer
 * @param fields every field by name, in file order
 */
record TraceEventFormat(String name, int id, Map<String, Field> fields) {

    /**
     * One field of a record.
     *
     * @param name   the field name, without type or array size ({@code saddr_v6} for {@code __u8 saddr_v6[16]})
     * @param offset byte offset in the record
     * @param size   byte size (0 for a trailing variable-length array such as {@code char buf[]})
     * @param signed whether the kernel declares it signed
     */
    record Field(String name, int offset, int size, boolean signed) {}

    private static final Pattern NAME = Pattern.compile("(?m)^name:\\s*(\\S+)");
    private static final Pattern ID = Pattern.compile("(?m)^ID:\\s*(\\d+)");
    private static final Pattern FIELD = Pattern.compile(
            "field:([^;]*);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d+);");
    private static final Pattern FIELD_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(\\[[^\\]]*\\])?\\s*$");

    TraceEventFormat {
        Objects.requireNonNull(name, "name");
        fields = Map.copyOf(fields);
    }

    /**
     * Parses a {@code format} file's text.
     *
     * @throws IllegalArgumentException naming what is missing, if the text has no name, no id or no fields
     */
    static TraceEventFormat parse(String text) {
        Matcher name = NAME.matcher(text);
        Matcher id = ID.matcher(text);
        if (!name.find() || !id.find()) {
            throw new IllegalArgumentException("trace event format without name or ID: "
                    + text.substring(0, Math.min(80, text.length())));
        }
        Map<String, Field> fields = parseFields(text, name.group(1));
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("trace event format of " + name.group(1) + " lists no fields");
        }
        return new TraceEventFormat(name.group(1), Integer.parseInt(id.group(1)), fields);
    }

    /**
     * The {@code field:...;} lines of a format text (an event's, or the ring buffer's {@code header_page}), by name;
     * the first declaration of a name wins.
     */
    static Map<String, Field> parseFields(String text, String what) {
        Map<String, Field> fields = new LinkedHashMap<>();
        Matcher f = FIELD.matcher(text);
        while (f.find()) {
            Matcher n = FIELD_NAME.matcher(f.group(1).trim());
            if (!n.find()) {
                throw new IllegalArgumentException("unreadable field declaration in format of " + what + ": "
                        + f.group(1));
            }
            fields.putIfAbsent(n.group(1), new Field(n.group(1), Integer.parseInt(f.group(2)),
                    Integer.parseInt(f.group(3)), f.group(4).equals("1")));
        }
        return fields;
    }

    /** The field, or empty when this kernel's event has none by that name. */
    Optional<Field> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName));
    }

    /**
     * The field, which the decoder cannot do without.
     *
     * @throws IllegalArgumentException naming the event and the field
     */
    Field require(String fieldName) {
        Field f = fields.get(fieldName);
        if (f == null) {
            throw new IllegalArgumentException("trace event " + name + " has no field " + fieldName
                    + " on this kernel (fields: " + fields.keySet() + ")");
        }
        return f;
    }
}
