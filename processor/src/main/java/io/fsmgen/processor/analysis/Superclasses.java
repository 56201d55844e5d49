package io.fsmgen.processor.analysis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Walks a class's superclass chain, which both method lookup and hook collection need. */
final class Superclasses {

    private Superclasses() {}

    static Optional<TypeElement> of(TypeElement type) {
        TypeMirror superclass = type.getSuperclass();
        return superclass.getKind() == TypeKind.DECLARED
                ? Optional.of((TypeElement) ((DeclaredType) superclass).asElement())
                : Optional.empty();
    }

    /** {@code type} and all its superclasses, {@code java.lang.Object} first. */
    static Deque<TypeElement> rootFirst(TypeElement type) {
        Deque<TypeElement> chain = new ArrayDeque<>();
        for (Optional<TypeElement> at = Optional.of(type); at.isPresent(); at = of(at.get())) {
            chain.addFirst(at.get());
        }
        return chain;
    }
}
