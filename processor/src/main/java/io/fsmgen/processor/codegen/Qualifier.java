package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.Set;

/**
 * The one place that decides how generated code writes a type. JavaPoet imports what it can and leaves types of the
 * machine's own package unqualified, which is right unless a name in scope inside the machine means something else
 * there: a member type inherited from the spec, a field or local that obscures the type in an expression, a type of
 * the package named like a {@code java.lang} one. Every type whose top-level simple name is such a name is written
 * with its canonical name instead (as a class of the unnamed package whose "simple name" is the canonical one, the
 * form JavaPoet prints verbatim and never imports).
 */
final class Qualifier {

    private final Set<String> shadowed;

    Qualifier(Set<String> shadowed) {
        this.shadowed = Set.copyOf(shadowed);
    }

    ClassName type(Class<?> type) {
        return type(ClassName.get(type));
    }

    ClassName type(ClassName type) {
        if (type.packageName().isEmpty() || !shadowed.contains(type.topLevelClassName().simpleName())) {
            return type;
        }
        return ClassName.get("", type.canonicalName());
    }

    TypeName type(TypeName type) {
        if (type instanceof ClassName className) {
            return type(className);
        }
        if (type instanceof ParameterizedTypeName parameterized) {
            ClassName raw = type(parameterized.rawType());
            TypeName[] arguments = parameterized.typeArguments().stream().map(this::type).toArray(TypeName[]::new);
            if (parameterized.enclosingType() != null) {
                return parameterized; // an inner class of a generic class: JavaPoet writes Outer<...>.Inner itself
            }
            return ParameterizedTypeName.get(raw, arguments);
        }
        if (type instanceof ArrayTypeName array) {
            return ArrayTypeName.of(type(array.componentType()));
        }
        if (type instanceof WildcardTypeName wildcard) {
            return wildcard.lowerBounds().isEmpty()
                    ? WildcardTypeName.subtypeOf(type(wildcard.upperBounds().get(0)))
                    : WildcardTypeName.supertypeOf(type(wildcard.lowerBounds().get(0)));
        }
        return type;
    }
}
