package io.fsmgen.processor.codegen;

import java.util.List;
import java.util.Locale;

/** Java names derived from state names, so that generated methods read like hand-written ones. */
final class Identifiers {

    private Identifiers() {}

    /** {@code SYN_SENT} → {@code SynSent}; {@code opened} → {@code Opened}. */
    static String camel(String name) {
        StringBuilder result = new StringBuilder();
        for (String part : name.split("_")) {
            if (part.isEmpty()) {
                continue;
            }
            boolean allUpper = part.equals(part.toUpperCase(Locale.ROOT));
            result.append(Character.toUpperCase(part.charAt(0)))
                    .append(allUpper ? part.substring(1).toLowerCase(Locale.ROOT) : part.substring(1));
        }
        return result.length() == 0 ? "State" : result.toString();
    }

    /** The camel-case form of each name; names that fold together are told apart by {@link MachineNames}. */
    static List<String> camel(List<String> names) {
        return names.stream().map(Identifiers::camel).toList();
    }

    /**
     * The longest member name derived from the spec's names, in code points. A class file holds each name in one
     * constant of at most 65,535 bytes, and a derived name joins up to two of the spec's names, each of which may
     * itself fill most of that ({@code dispatchIn<State>On<Event>}); past this bound a name is cut, far below the
     * limit whatever its characters (six bytes at most for each), and long past any name a reader would write.
     */
    static final int MAX_NAME = 1_000;

    /**
     * {@code name} itself, or past {@link #MAX_NAME} code points its first ones and the hash of the whole name, so
     * that names cut alike stay apart (the allocator resolves the rare equal hash) and each keeps its name from
     * build to build.
     */
    static String bounded(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_NAME) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, MAX_NAME)) + "_"
                + Integer.toHexString(name.hashCode());
    }

    /** {@code timeWaitDuration} → {@code TimeWaitDuration}. */
    static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
