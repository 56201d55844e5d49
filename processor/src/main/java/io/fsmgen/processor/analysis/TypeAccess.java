package io.fsmgen.processor.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the generated machine can name: it is a top-level class in the spec's package that extends the spec, so it
 * sees public types, non-private types of its own package, and protected member types of its superclasses.
 */
final class TypeAccess {

    private final Elements elements;
    private final Types types;

    TypeAccess(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** The first type within {@code type} (itself, an enclosing type, a type argument) the machine cannot name. */
    Optional<TypeElement> inaccessiblePart(TypeMirror type, TypeElement spec) {
        if (type instanceof ArrayType array) {
            return inaccessiblePart(array.getComponentType(), spec);
        }
        if (type instanceof WildcardType wildcard) {
            Optional<TypeElement> extendsBound = Optional.ofNullable(wildcard.getExtendsBound())
                    .flatMap(bound -> inaccessiblePart(bound, spec));
            return extendsBound.isPresent() ? extendsBound
                    : Optional.ofNullable(wildcard.getSuperBound()).flatMap(bound -> inaccessiblePart(bound, spec));
        }
        if (type instanceof TypeVariable) {
            return Optional.empty(); // declared by the constructor itself, and its bounds by the spec's author
        }
        if (!(type instanceof DeclaredType declared)) {
            return Optional.empty();
        }
        for (Element at = declared.asElement(); at instanceof TypeElement element; at = at.getEnclosingElement()) {
            if (!accessible(element, spec)) {
                return Optional.of(element);
            }
        }
        for (TypeMirror argument : declared.getTypeArguments()) {
            Optional<TypeElement> hidden = inaccessiblePart(argument, spec);
            if (hidden.isPresent()) {
                return hidden;
            }
        }
        return Optional.empty();
    }

    private boolean accessible(TypeElement element, TypeElement spec) {
        Set<Modifier> modifiers = element.getModifiers();
        if (modifiers.contains(Modifier.PUBLIC)) {
            return true;
        }
        if (modifiers.contains(Modifier.PRIVATE)) {
            return false;
        }
        boolean samePackage = elements.getPackageOf(element).equals(elements.getPackageOf(spec));
        if (samePackage) {
            return true;
        }
        // Protected member types of a superclass of the machine (the spec or one of its ancestors) are visible.
        return modifiers.contains(Modifier.PROTECTED)
                && element.getEnclosingElement() instanceof TypeElement owner
                && types.isSubtype(types.erasure(spec.asType()), types.erasure(owner.asType()));
    }

    /** Every supertype of {@code type}, transitively, classes and interfaces alike. */
    List<TypeMirror> allSupertypes(TypeMirror type) {
        List<TypeMirror> all = new ArrayList<>();
        Deque<TypeMirror> work = new ArrayDeque<>(types.directSupertypes(type));
        while (!work.isEmpty()) {
            TypeMirror next = work.poll();
            all.add(next);
            work.addAll(types.directSupertypes(next));
        }
        return all;
    }

    boolean sameType(TypeMirror a, TypeMirror b) {
        return types.isSameType(a, b);
    }
}
