package io.fsmgen.processor.parse;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/** One {@code @Defer} as written: states and the events they keep for later. */
public record DeferDeclaration(
        TypeElement owner, AnnotationMirror mirror, List<Located<String>> states, List<Located<String>> events) {

    public DeferDeclaration {
        states = List.copyOf(states);
        events = List.copyOf(events);
    }

    public Site site() {
        return Site.of(owner, mirror);
    }
}
