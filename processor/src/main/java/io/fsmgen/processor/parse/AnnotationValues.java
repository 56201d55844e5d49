package io.fsmgen.processor.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.SimpleAnnotationValueVisitor14;

/**
 * Reads the members of one annotation mirror, keeping each value's position. Class members are read as
 * {@link TypeMirror}s, never through {@code getAnnotation}, which would throw for classes not compiled yet.
 */
final class AnnotationValues {

    private final Element element;
    private final AnnotationMirror mirror;
    private final Map<? extends ExecutableElement, ? extends AnnotationValue> explicit;

    AnnotationValues(Element element, AnnotationMirror mirror) {
        this.element = element;
        this.mirror = mirror;
        this.explicit = mirror.getElementValues();
    }

    /** The value the user wrote for {@code member}; empty when left at its default. */
    Optional<AnnotationValue> explicit(String member) {
        return explicit.entrySet().stream()
                .filter(entry -> entry.getKey().getSimpleName().contentEquals(member))
                .map(Map.Entry::getValue)
                .findFirst()
                .map(AnnotationValue.class::cast);
    }

    Site site(AnnotationValue value) {
        return Site.of(element, mirror, value);
    }

    Site site() {
        return Site.of(element, mirror);
    }

    Optional<Located<String>> string(String member) {
        return explicit(member).map(value -> new Located<>(asString(value, member), site(value)));
    }

    Optional<Located<Boolean>> bool(String member) {
        return explicit(member).map(value -> new Located<>((Boolean) value.getValue(), site(value)));
    }

    Optional<Located<Integer>> integer(String member) {
        return explicit(member).map(value -> new Located<>((Integer) value.getValue(), site(value)));
    }

    /** An array of strings; a lone value written without braces is a one-element array, as in Java. */
    List<Located<String>> strings(String member) {
        return explicit(member).map(value -> strings(value, member)).orElse(List.of());
    }

    List<Located<String>> strings(AnnotationValue value, String member) {
        List<Located<String>> result = new ArrayList<>();
        for (AnnotationValue item : items(value)) {
            result.add(new Located<>(asString(item, member), site(item)));
        }
        return result;
    }

    Optional<Located<TypeMirror>> type(String member) {
        return explicit(member).map(value -> {
            Object raw = value.getValue();
            if (!(raw instanceof TypeMirror type) || type.getKind() == TypeKind.ERROR) {
                throw new MissingTypeException(member + " = " + value);
            }
            return new Located<>(type, site(value));
        });
    }

    /** An enum member, by constant name. */
    Optional<Located<String>> enumConstant(String member) {
        return explicit(member).map(value -> {
            Object raw = value.getValue();
            String name = raw instanceof VariableElement constant ? constant.getSimpleName().toString() : raw.toString();
            return new Located<>(name, site(value));
        });
    }

    List<AnnotationMirror> annotations(String member) {
        List<AnnotationMirror> result = new ArrayList<>();
        explicit(member).ifPresent(value -> {
            for (AnnotationValue item : items(value)) {
                result.add((AnnotationMirror) item.getValue());
            }
        });
        return result;
    }

    static List<? extends AnnotationValue> items(AnnotationValue value) {
        return value.accept(
                new SimpleAnnotationValueVisitor14<List<? extends AnnotationValue>, Void>() {
                    @Override
                    public List<? extends AnnotationValue> visitArray(List<? extends AnnotationValue> values, Void unused) {
                        return values;
                    }

                    @Override
                    protected List<? extends AnnotationValue> defaultAction(Object o, Void unused) {
                        return List.of(value);
                    }
                },
                null);
    }

    private static String asString(AnnotationValue value, String member) {
        Object raw = value.getValue();
        if (raw instanceof String string) {
            return string;
        }
        throw new MissingTypeException(member + " = " + value);
    }
}
