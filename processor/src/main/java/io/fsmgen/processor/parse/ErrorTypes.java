package io.fsmgen.processor.parse;

import java.util.function.Predicate;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Finds a type javac could not resolve wherever it hides. javac hands such a type over as {@link TypeKind#ERROR}
 * only when it is the whole type: inside a type argument ({@code List<Missing>}, {@code extends Base<Missing>}), an
 * array ({@code Missing[]}), a wildcard's bound or an enclosing type, the type around it is an ordinary declared or
 * array type. A check of the kind alone lets such a spec through, to be mirrored into a machine that does not compile
 * or to have its supertypes' methods look abstract, before the type another processor generates exists.
 */
public final class ErrorTypes {

    private ErrorTypes() {}

    /** Whether {@code type} is, or contains, a type javac could not resolve. Type variables are not followed. */
    public static boolean containsError(TypeMirror type) {
        return containsError(type, unresolved -> false);
    }

    /**
     * {@link #containsError(TypeMirror)}, but an unresolved type that {@code expected} accepts does not count: a
     * machine this round generates, which a constructor may name before it exists ({@code List<MMachine>}).
     */
    public static boolean containsError(TypeMirror type, Predicate<TypeMirror> expected) {
        if (type == null) {
            return false;
        }
        return switch (type.getKind()) {
            case ERROR -> !expected.test(type);
            case ARRAY -> containsError(((ArrayType) type).getComponentType(), expected);
            case WILDCARD -> containsError(((WildcardType) type).getExtendsBound(), expected)
                    || containsError(((WildcardType) type).getSuperBound(), expected);
            case DECLARED -> containsError(((DeclaredType) type).getEnclosingType(), expected)
                    || ((DeclaredType) type).getTypeArguments().stream()
                            .anyMatch(argument -> containsError(argument, expected));
            default -> false;
        };
    }

    /**
     * {@code type} as written, for a message; empty when javac lost the name, as it does for a parameterized type it
     * could not find ({@code Missing<String>} prints as {@code <any>}).
     */
    public static java.util.Optional<String> written(TypeMirror type) {
        String text = type.toString();
        return text.contains("<any>") ? java.util.Optional.empty() : java.util.Optional.of(text);
    }
}
