package io.fsmgen.processor.parse;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Transition} as written, before any name is resolved.
 *
 * @param owner the spec whose table declares the row
 * @param index the row's 1-based position in {@code transitions}, for messages
 * @param fromSite where {@code from} was written, for an empty list
 * @param onSite where {@code on} was written, for an empty list
 * @param kind {@code "LOCAL"} or {@code "EXTERNAL"} as written; empty when left at its default
 * @param history {@code history = true/false} as written; empty when left at its default
 */
public record RowDeclaration(
        TypeElement owner,
        AnnotationMirror mirror,
        int index,
        List<Located<String>> from,
        Site fromSite,
        List<Located<String>> on,
        Site onSite,
        Optional<Located<String>> guard,
        List<Located<String>> actions,
        Optional<Located<String>> to,
        Optional<Located<String>> kind,
        Optional<Located<Boolean>> history) {

    public RowDeclaration {
        from = List.copyOf(from);
        on = List.copyOf(on);
        actions = List.copyOf(actions);
    }

    /** "Door row 3": how messages and generated comments name this row. */
    public String describe() {
        return owner.getSimpleName() + " row " + index;
    }

    public Site site() {
        return Site.of(owner, mirror);
    }
}
