package io.fsmgen.processor.codegen;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How both diagram writers, flat and nested, name a state so that any state name parses: DOT identifiers always
 * quoted (a state may be called {@code node} or {@code graph}), and a Mermaid id for a name its state-diagram
 * grammar reserves (declared with the name as its label).
 */
final class DiagramIds {

    /** Words Mermaid's state diagram grammar reserves: a state of that name is declared with an alias. */
    private static final Set<String> MERMAID_KEYWORDS = Set.of("state", "note", "class", "classdef", "default",
            "click", "style", "acctitle", "accdescr", "direction", "end", "as", "left", "right", "of", "fork", "join",
            "choice", "concurrent", "hide", "linkstyle", "title", "stateDiagram", "statediagram", "statediagram-v2");

    private DiagramIds() {}

    /** A DOT identifier as a quoted string: any text, keywords ({@code node}, {@code graph}) included. */
    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** The id Mermaid knows state {@code ordinal} by: its name, unless the grammar reserves it. */
    static String mermaid(String name, int ordinal) {
        return MERMAID_KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) ? "state_" + ordinal : name;
    }

    /** Declares, with its name as its label, each state whose Mermaid id is not its name; {@code names} by ordinal. */
    static void declareMermaidAliases(StringBuilder out, List<String> names) {
        for (int ordinal = 0; ordinal < names.size(); ordinal++) {
            String id = mermaid(names.get(ordinal), ordinal);
            if (!id.equals(names.get(ordinal))) {
                out.append("    state \"").append(names.get(ordinal)).append("\" as ").append(id).append('\n');
            }
        }
    }
}
