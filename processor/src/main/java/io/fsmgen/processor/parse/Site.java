package io.fsmgen.processor.parse;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where something was written, precisely enough for javac to underline it: the element, the annotation on it (or
 * nested in one of its annotations) and the value inside that annotation.
 */
public record Site(Element element, Optional<AnnotationMirror> mirror, Optional<AnnotationValue> value) {

    public static Site of(Element element) {
        return new Site(element, Optional.empty(), Optional.empty());
    }

    public static Site of(Element element, AnnotationMirror mirror) {
        return new Site(element, Optional.of(mirror), Optional.empty());
    }

    public static Site of(Element element, AnnotationMirror mirror, AnnotationValue value) {
        return new Site(element, Optional.of(mirror), Optional.ofNullable(value));
    }
}
