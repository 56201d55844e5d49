package io.fsmgen.processor.codegen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

    /** One camel-case suffix per name, made unique with the ordinal where two names fold to the same word. */
    static List<String> uniqueCamel(List<String> names) {
        List<String> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String candidate = camel(names.get(i));
            if (!seen.add(candidate)) {
                candidate = candidate + i;
                seen.add(candidate);
            }
            result.add(candidate);
        }
        return result;
    }

    /** {@code timeWaitDuration} → {@code TimeWaitDuration}. */
    static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
