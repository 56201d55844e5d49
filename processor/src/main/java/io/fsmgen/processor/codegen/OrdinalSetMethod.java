package io.fsmgen.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A method that tells whether an ordinal is one of a set of states: a switch whose labels are the states, returning
 * true. {@code readSnapshot} checks each timeout's states and each history's allowed values this way once the set is
 * too long for a condition, each in a method of its own: a label costs four to eight bytes, and with several timeouts
 * or histories over thousands of states the labels alone filled {@code readSnapshot} past the JVM's 64 KB per method.
 */
final class OrdinalSetMethod {

    private OrdinalSetMethod() {}

    /** {@code private static boolean name(int ordinal)}: true for the {@code labels}, with {@code javadoc}. */
    static MethodSpec of(String name, String javadoc, List<CodeBlock> labels) {
        CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch (ordinal)");
        labels.forEach(label -> body.add("case $L:\n", label));
        body.indent().addStatement("return true").unindent()
                .add("default:\n").indent().addStatement("return false").unindent()
                .endControlFlow();
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(TypeName.INT, "ordinal")
                .addJavadoc("$L\n", javadoc)
                .addCode(body.build())
                .build();
    }
}
