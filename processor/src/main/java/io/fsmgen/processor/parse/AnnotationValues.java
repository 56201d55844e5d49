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
        return explicit(member).map(value -> {
            if (!(value.getValue() instanceof Boolean bool) || isError(value)) {
                throw missing(member, value);
            }
            return new Located<>(bool, site(value));
        });
    }

    Optional<Located<Integer>> integer(String member) {
        return explicit(member).map(value -> {
            if (!(value.getValue() instanceof Integer number) || isError(value)) {
                throw missing(member, value);
            }
            return new Located<>(number, site(value));
        });
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
                throw missing(member, value);
            }
            return new Located<>(type, site(value));
        });
    }

    /** An enum member, by constant name. */
    Optional<Located<String>> enumConstant(String member) {
        return explicit(member).map(value -> {
            if (!(value.getValue() instanceof VariableElement constant) || isError(value)) {
                throw missing(member, value);
            }
            return new Located<>(constant.getSimpleName().toString(), site(value));
        });
    }

    /** An array of nested annotations of type {@code annotationType}, each checked to be one. */
    List<AnnotationMirror> annotations(String member, String annotationType) {
        List<AnnotationMirror> result = new ArrayList<>();
        explicit(member).ifPresent(value -> {
            for (AnnotationValue item : items(value)) {
                if (!(item.getValue() instanceof AnnotationMirror nested)
                        || !((javax.lang.model.element.TypeElement) nested.getAnnotationType().asElement())
                                .getQualifiedName().contentEquals(annotationType)) {
                    throw missing(member, item);
                }
                result.add(nested);
            }
        });
        return result;
    }

    /**
     * javac hands over a value it could not attribute (an unresolved constant, a misspelt annotation) as an error
     * value whose text is {@code <error>}, or as a value of the wrong kind.
     */
    private static boolean isError(AnnotationValue value) {
        return value.toString().contains("<error>");
    }

    private MissingTypeException missing(String member, AnnotationValue value) {
        String written = value.toString();
        return new MissingTypeException(written.contains("<error>") ? "the value of " + member
                : member + " = " + written, site(value));
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

    private String asString(AnnotationValue value, String member) {
        Object raw = value.getValue();
        if (raw instanceof String string && !value.toString().equals("<error>")) {
            return string;
        }
        throw missing(member, value);
    }
}
