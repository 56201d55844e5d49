package io.fsmgen.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.List;

/** An accessible spec constructor, mirrored by the generated class. */
public record ConstructorModel(
        List<com.palantir.javapoet.TypeVariableName> typeVariables,
        List<Parameter> parameters,
        List<TypeName> thrown,
        boolean varargs,
        boolean safeVarargs) {

    public ConstructorModel {
        typeVariables = List.copyOf(typeVariables);
        parameters = List.copyOf(parameters);
        thrown = List.copyOf(thrown);
    }

    /** A constructor parameter. */
    public record Parameter(TypeName type, String name) {}
}
