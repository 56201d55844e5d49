package io.fsmgen.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * An accessible spec constructor, mirrored by the generated class.
 *
 * @param suppressedWarnings the lint categories of its signature ({@code rawtypes}, {@code unchecked}) that the spec's
 *     own code suppresses where the constructor is declared: the mirror repeats the signature, and so the warning,
 *     in generated code the user cannot annotate
 */
public record ConstructorModel(
        List<com.palantir.javapoet.TypeVariableName> typeVariables,
        List<Parameter> parameters,
        List<TypeName> thrown,
        boolean varargs,
        boolean safeVarargs,
        List<String> suppressedWarnings) {

    public ConstructorModel {
        typeVariables = List.copyOf(typeVariables);
        parameters = List.copyOf(parameters);
        thrown = List.copyOf(thrown);
        suppressedWarnings = List.copyOf(suppressedWarnings);
    }

    /**
     * A constructor parameter.
     *
     * @param suppressedWarnings the lint categories of its type that the spec suppresses on the parameter itself
     *     ({@code rawtypes}), which its mirror repeats
     */
    public record Parameter(TypeName type, String name, List<String> suppressedWarnings) {

        public Parameter {
            suppressedWarnings = List.copyOf(suppressedWarnings);
        }
    }
}
