package io.fsmgen.processor.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * The warnings a spec's own code suppresses on a constructor's signature, which its mirror in the machine repeats.
 * javac warns on a signature itself: a raw type ({@code rawtypes}), a varargs parameter of a generic type without
 * {@code @SafeVarargs} ({@code unchecked}, "possible heap pollution"). The spec's author silenced that on their
 * constructor, or on a class around it; the mirrored constructor, in a file they cannot annotate, carries the same
 * suppression, so that {@code -Xlint:all -Werror} fails on no warning in generated code that the spec did not
 * already answer for. A suppression on one parameter goes to that parameter's mirror only, as javac applies it to that
 * parameter's type only. Other suppressions are left out: they cannot arise in a signature and a {@code super(...)}
 * call, and a generated method should not hide what it does not need to.
 */
final class SignatureSuppressions {

    /** The lint categories javac can report on a constructor's signature. */
    private static final Set<String> SIGNATURE_LINTS = Set.of("rawtypes", "unchecked");

    private SignatureSuppressions() {}

    /** The signature lints suppressed on {@code constructor} or an element around it, sorted. */
    static List<String> of(ExecutableElement constructor) {
        Set<String> suppressed = new TreeSet<>();
        for (Element element = constructor; element != null && element.getKind() != ElementKind.PACKAGE;
                element = element.getEnclosingElement()) {
            suppressed.addAll(signatureLints(element));
        }
        return List.copyOf(suppressed);
    }

    /**
     * The signature lints suppressed on {@code parameter} itself, sorted: those on its constructor and around it are
     * {@link #of(ExecutableElement)}'s.
     */
    static List<String> ofParameter(VariableElement parameter) {
        return List.copyOf(new TreeSet<>(signatureLints(parameter)));
    }

    private static List<String> signatureLints(Element element) {
        SuppressWarnings annotation = element.getAnnotation(SuppressWarnings.class);
        if (annotation == null) {
            return List.of();
        }
        return Arrays.stream(annotation.value()).filter(SIGNATURE_LINTS::contains).toList();
    }
}
