package io.fsmgen.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.stream.IntStream;

/**
 * Moves long cell bodies out of a dispatch switch into methods of their own, when the switch would otherwise pass
 * the JVM's 64 KB per method. A switch holds at most 64 cells, which is plenty for the usual cell of a few rows;
 * but 64 cells of 60 guarded rows each, with an action, took one method to 61,841 bytes (both the per-state switch
 * and the table's {@code dispatchCell}). Only a switch whose bodies pass {@value #MAX_SWITCH_CHARS} characters of
 * source (about a fifth of that in bytecode) is touched, and in it only bodies over {@value #MAX_INLINE_CHARS}
 * characters, so ordinary machines keep every cell in place, inlined into {@code fire} by the JIT.
 */
final class CellOutlining {

    static final int MAX_SWITCH_CHARS = 64_000;
    static final int MAX_INLINE_CHARS = MAX_SWITCH_CHARS / 64;

    private CellOutlining() {}

    /** Whether a switch over bodies of these lengths (in characters, without comments) must move its long ones out. */
    static boolean needed(IntStream lengths) {
        return lengths.sum() > MAX_SWITCH_CHARS;
    }

    /** Whether a body of {@code length} characters (without comments) is one to move out of a switch that needs it. */
    static boolean outlines(int length) {
        return length > MAX_INLINE_CHARS;
    }

    /**
     * The method that runs {@code body} (with its comments), named {@code name}, with the dispatch's parameters; the
     * case then calls it with {@link MachineNames#dispatchArguments()}.
     */
    static MethodSpec method(MachineNames names, String name, String switchMethod, CodeBlock body) {
        return names.dispatchSignature(name)
                .addJavadoc("A cell of {@code $L}, too long to stay in its switch.\n", switchMethod)
                .addCode(body)
                .build();
    }

    static CodeBlock call(MachineNames names, String name) {
        return CodeBlock.of("return $L($L);\n", name, names.dispatchArguments());
    }
}
