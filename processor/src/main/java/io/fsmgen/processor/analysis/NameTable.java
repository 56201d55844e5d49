package io.fsmgen.processor.analysis;

import io.fsmgen.processor.parse.Located;
import java.util.List;
import java.util.Optional;
import javax.lang.model.type.TypeMirror;

/**
 * The constants of a state or event enum, in ordinal order, with the error for an unknown name.
 *
 * @param kind "state" or "event", for messages
 * @param type the enum as the spec (or an ancestor) named it, with where it was named
 */
record NameTable(String kind, String enumName, List<String> names, Located<TypeMirror> type) {

    NameTable {
        names = List.copyOf(names);
    }

    int size() {
        return names.size();
    }

    String name(int ordinal) {
        return names.get(ordinal);
    }

    /** The ordinal of {@code name}, or an error on its value that suggests the closest known name. */
    Optional<Integer> resolve(Located<String> name, Diagnostics diagnostics) {
        int ordinal = names.indexOf(name.value());
        if (name.value().equals(io.fsmgen.processor.parse.Names.WILDCARD)) {
            diagnostics.error(name.site(), "[FsmUnknownName] \"*\" stands for every state, and only in from; here"
                    + " name " + ("state".equals(kind) ? "one state" : "the events") + " of " + enumName);
            return Optional.empty();
        }
        if (ordinal < 0) {
            diagnostics.error(
                    name.site(),
                    "[FsmUnknownName] unknown " + kind + " '" + name.value() + "': " + enumName + " has no such constant"
                            + Suggestions.didYouMean(name.value(), names));
            return Optional.empty();
        }
        return Optional.of(ordinal);
    }
}
