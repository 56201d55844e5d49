package io.fsmgen.processor.parse;

import io.fsmgen.History;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Composite} as written, before any name is resolved.
 *
 * @param owner the spec that declares it
 * @param childrenSite where {@code children} was written, for an empty list
 * @param history the declared history, with its position; empty when left at {@code NONE}
 */
public record CompositeDeclaration(
        TypeElement owner,
        AnnotationMirror mirror,
        Located<String> state,
        List<Located<String>> children,
        Site childrenSite,
        Optional<Located<String>> initial,
        Optional<Located<History>> history) {

    public CompositeDeclaration {
        children = List.copyOf(children);
    }

    public Site site() {
        return Site.of(owner, mirror);
    }
}
