package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The static check that an enum still has the constants the machine was generated for
 * ({@code Ordinals.verify(machine, type, "A", "B", ...)}). Each constant's name costs about nine bytes of bytecode,
 * and the JVM caps the static initializer at 64 KB like any method: a states enum and an events enum of about 3,500
 * constants each (an enum holds at most about 4,000) filled it, and a hierarchical machine's {@code PARENTS} table
 * shares it. So an enum of more than {@value #INLINE_MAX} constants is checked in a method of its own, which the
 * static block calls.
 */
final class OrdinalsCheck {

    static final int INLINE_MAX = 256;

    private static final ClassName ORDINALS = ClassName.get("io.fsmgen", "Ordinals");

    private OrdinalsCheck() {}

    /**
     * The statement for the static block; for a large enum, the method it calls is added to {@code type}.
     *
     * @param methodName allocates the name of that method, when needed
     */
    static CodeBlock verify(MachineNames names, TypeName enumType, List<String> constants,
            java.util.function.Supplier<String> methodName, TypeSpec.Builder type) {
        CodeBlock call = CodeBlock.builder()
                .addStatement("$T.verify($T.class, $T.class, $L)", names.type(ORDINALS), names.machineType(), enumType,
                        constants.stream().map(name -> CodeBlock.of("$S", name)).collect(CodeBlock.joining(", ")))
                .build();
        if (constants.size() <= INLINE_MAX) {
            return call;
        }
        String name = methodName.get();
        type.addMethod(MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("Checks the $L constants of {@link $T}, outside the static block, which they would fill.\n",
                        constants.size(), enumType)
                .addCode(call)
                .build());
        return CodeBlock.builder().addStatement("$L()", name).build();
    }
}
