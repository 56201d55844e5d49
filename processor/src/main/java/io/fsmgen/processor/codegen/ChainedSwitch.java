package io.fsmgen.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * A switch of statements over an {@code int}, written whole while it is short (at most {@value #CASES_PER_METHOD}
 * cases, at most {@value #MAX_PART_CHARS} characters of case bodies), otherwise chained over several methods: the
 * method keeps the first cases and its default calls a part method with the next ones, whose default calls the next
 * part, and so on; the last part's default runs the switch's own default.
 *
 * <p>Why: the JVM refuses a method of more than 64 KB of bytecode, and javac then fails inside the generated class.
 * Some switches list one case per leaf ({@code restore(S)}, a deep history's resume), each case costing its label, a
 * store, and the timeouts and entry actions it runs: a composite of about 4,000 leaves (the most an enum holds) filled
 * a method, with timeouts armed in every case far fewer, and a deep history over 200 nested levels too, since its
 * case for a leaf enters every level above it.
 */
final class ChainedSwitch {

    static final int CASES_PER_METHOD = 64;

    /**
     * A part also ends before its case bodies pass this many characters of source. These bodies are calls and stores,
     * whose bytecode is never longer than their text, so a part stays well below 64 KB even when each case enters a
     * long chain of nested states (a deep history's resume enters every state from the composite down to the leaf).
     */
    static final int MAX_PART_CHARS = 16_000;

    /** One case: its labels, then its statements, after which the switch breaks. */
    record Case(List<CodeBlock> labels, CodeBlock body) {
        Case {
            labels = List.copyOf(labels);
        }
    }

    /**
     * How the parts after the first are named and called.
     *
     * @param first       the name of the method that holds the first part
     * @param name        the name of part {@code part} (from 1)
     * @param parameters  the parameters every part takes after the {@code int} it switches on (say, the event), as
     *                    declared on the first method; empty for none
     * @param arguments   those parameters as passed on, comma-separated; empty for none
     */
    record Parts(String first, Function<Integer, String> name, List<ParameterSpec> parameters,
            String arguments) {
        Parts {
            parameters = List.copyOf(parameters);
        }
    }

    private ChainedSwitch() {}

    /**
     * The switch over {@code selector} for the first method, and in {@code extra} one private method per further part,
     * each switching on its {@code int} parameter {@code partSelector}.
     *
     * @param fallback the default's statements, given the expression the switch is on (a part has only its parameter)
     */
    static CodeBlock write(String selector, List<Case> cases, Function<String, CodeBlock> fallback,
            String partSelector, Parts parts, List<MethodSpec> extra) {
        List<List<Case>> chunks = new ArrayList<>();
        int start = 0;
        int chars = 0;
        for (int end = 0; end < cases.size(); end++) {
            int size = cases.get(end).body().toString().length();
            if (end > start && (end - start == CASES_PER_METHOD || chars + size > MAX_PART_CHARS)) {
                chunks.add(cases.subList(start, end));
                start = end;
                chars = 0;
            }
            chars += size;
        }
        chunks.add(cases.subList(start, cases.size()));
        int first = chunks.get(0).size();
        for (int part = 1; part < chunks.size(); part++) {
            MethodSpec.Builder method = MethodSpec.methodBuilder(parts.name().apply(part))
                    .addModifiers(Modifier.PRIVATE)
                    .returns(TypeName.VOID)
                    .addJavadoc("Cases $L to $L of the switch that {@code $L} starts.\n", first + 1,
                            first + chunks.get(part).size(), parts.first())
                    .addParameter(TypeName.INT, partSelector)
                    .addParameters(parts.parameters());
            extra.add(method.addCode(chunk(partSelector, chunks, part, fallback, partSelector, parts)).build());
            first += chunks.get(part).size();
        }
        return chunk(selector, chunks, 0, fallback, partSelector, parts);
    }

    private static CodeBlock chunk(String selector, List<List<Case>> chunks, int part,
            Function<String, CodeBlock> fallback, String partSelector, Parts parts) {
        CodeBlock.Builder code = CodeBlock.builder().beginControlFlow("switch ($L)", selector);
        for (Case c : chunks.get(part)) {
            c.labels().forEach(label -> code.add("case $L:\n", label));
            code.add("$>").add(c.body()).addStatement("break").add("$<");
        }
        code.add("default:\n$>");
        if (part + 1 < chunks.size()) {
            String arguments = parts.arguments().isEmpty() ? "" : ", " + parts.arguments();
            code.addStatement("$L($L$L)", parts.name().apply(part + 1), selector, arguments)
                    .addStatement("break");
        } else {
            code.add(fallback.apply(selector));
        }
        return code.add("$<").endControlFlow().build();
    }
}
