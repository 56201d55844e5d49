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

    /** {@code timeWaitDuration} → {@code TimeWaitDuration}. */
    static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
