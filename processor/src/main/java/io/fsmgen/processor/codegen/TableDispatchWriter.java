package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.DispatchPlan;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.StateModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.lang.model.element.Modifier;

/**
 * Writes the cell-table dispatch ({@link io.fsmgen.Dispatch#TABLE}): {@code CELLS[stateOrdinal * EVENT_COUNT +
 * event.ordinal()]} gives each (state, event) cell a code. A code below {@code STATE_COUNT} is a plain cell, one that
 * only sets the state, and names the state it leads to: {@code fire} finishes it on the spot when nothing else is
 * pending. Any other code names one of the machine's distinct cell bodies (cells whose code is the same share one),
 * run by one switch in {@code dispatchCell}. That switch is split into the fewest methods whose bytecode each stays
 * under HotSpot's limit for inlining a hot callee ({@value #INLINE_LIMIT_BYTES} bytes, its {@code FreqInlineSize}):
 * the JIT then inlines the cells a program runs into {@code fire} and {@code fire} into its caller, where one method
 * of all the cells was too big to inline anywhere and cost a call per event.
 *
 * <p>Tables of up to {@value #LITERAL_MAX_CELLS} cells are written as an array, one line per state; larger ones as
 * string constants decoded once by {@code CellTables.chars}, since an array initializer costs about seven bytes of
 * bytecode per element and a class initializer may not pass 64 KB.
 */
final class TableDispatchWriter {

    /** The most cases one method of {@code dispatchCell} holds. */
    static final int CASES_PER_METHOD = 64;
    /** HotSpot's default {@code FreqInlineSize}: a hot method of more bytecode than this is never inlined. */
    static final int INLINE_LIMIT_BYTES = 325;
    /** A switch method's own bytecode besides its cases: the plain-cell check, the switch's header, its default. */
    static final int SWITCH_OVERHEAD_BYTES = 40;
    /** A case's entry in the switch's jump table. */
    static final int CASE_ENTRY_BYTES = 4;
    /** A case that calls a body moved out of line and returns its answer. */
    static final int OUTLINED_CALL_BYTES = 8;
    /** A case that returns {@code unhandled(event)}. */
    static final int UNHANDLED_BYTES = 6;
    static final int LITERAL_MAX_CELLS = 2048;
    /** Characters per string constant: at most 3 bytes each in the class file, under its 65,535-byte limit. */
    static final int CHARS_PER_CONSTANT = 20_000;

    private static final ClassName CELL_TABLES = ClassName.get("io.fsmgen", "CellTables");

    private final MachineModel model;
    private final MachineNames names;
    private final DispatchWriter bodies;
    private final int stateCount;
    private final int eventCount;
    /** The code of every cell, state-major. */
    private final int[] codes;
    /** Distinct bodies, in order of first appearance: the code of body i is {@code stateCount + i}. */
    private final List<Body> distinct = new ArrayList<>();

    /**
     * One distinct cell body, its length in characters (for {@link CellOutlining}), an upper estimate of its bytecode
     * ({@link MethodSizeLimits#cellBytes}, for the split), and the cells that share it.
     */
    private record Body(CodeBlock code, int length, int bytes, List<StateModel> states, List<CellModel> cells) {}

    TableDispatchWriter(MachineModel model, MachineNames names, DispatchWriter bodies) {
        this.model = model;
        this.names = names;
        this.bodies = bodies;
        this.stateCount = model.stateNames().size();
        this.eventCount = model.eventNames().size();
        this.codes = new int[stateCount * eventCount];
        Map<String, Body> byText = new LinkedHashMap<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (StateModel state : model.states()) {
            CellModel[] byEvent = new CellModel[eventCount];
            state.cells().forEach(cell -> byEvent[cell.event()] = cell);
            for (int event = 0; event < eventCount; event++) {
                OptionalInt plain = DispatchPlan.plainTarget(model, state, event);
                if (plain.isPresent()) {
                    codes[state.ordinal() * eventCount + event] = plain.getAsInt();
                    continue;
                }
                CodeBlock code = byEvent[event] == null
                        ? CodeBlock.of("return $L(event);\n", names.unhandledName)
                        : bodies.cellCode(state, List.of(byEvent[event]), false);
                String text = code.toString();
                Body body = byText.get(text);
                if (body == null) {
                    int bytes = byEvent[event] == null
                            ? UNHANDLED_BYTES
                            : MethodSizeLimits.cellBytes(state, byEvent[event], names.hasPayload());
                    body = new Body(code, text.length(), bytes, new ArrayList<>(), new ArrayList<>());
                    byText.put(text, body);
                    index.put(text, distinct.size());
                    distinct.add(body);
                }
                if (byEvent[event] != null) {
                    body.states().add(state);
                    body.cells().add(byEvent[event]);
                }
                codes[state.ordinal() * eventCount + event] = stateCount + index.get(text);
            }
        }
    }

    /** Whether every code fits the table's {@code char}s; the generator keeps the switch otherwise. */
    static boolean fits(MachineModel model) {
        return MachineModel.cellCodesFitAChar(model.stateNames().size(), model.eventNames().size());
    }

    List<FieldSpec> fields() {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(FieldSpec.builder(TypeName.INT, names.stateCountField, Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .initializer("$L", stateCount).build());
        fields.add(FieldSpec.builder(TypeName.INT, names.eventCountField, Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .initializer("$L", eventCount).build());
        fields.add(FieldSpec.builder(ArrayTypeName.of(TypeName.CHAR), names.cellsField, Modifier.PRIVATE,
                        Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The code of each cell, at {@code $L * $L + event.ordinal()}: below {@code $L}, a plain"
                        + " cell\nand the ordinal of the state it leads to; otherwise the case of {@code $L} that"
                        + " runs it.\n", names.stateOrdinalField, names.eventCountField, names.stateCountField,
                        names.cellMethod())
                .initializer(cellsInitializer()).build());
        return fields;
    }

    private CodeBlock cellsInitializer() {
        if (codes.length <= LITERAL_MAX_CELLS) {
            CodeBlock.Builder code = CodeBlock.builder().add("{\n$>");
            for (int state = 0; state < stateCount; state++) {
                List<String> row = new ArrayList<>();
                for (int event = 0; event < eventCount; event++) {
                    row.add(Integer.toString(codes[state * eventCount + event]));
                }
                code.add("$L, // $L\n", String.join(", ", row), model.stateNames().get(state));
            }
            return code.add("$<}").build();
        }
        List<CodeBlock> parts = new ArrayList<>();
        for (int start = 0; start < codes.length; start += CHARS_PER_CONSTANT) {
            StringBuilder literal = new StringBuilder("\"");
            for (int i = start; i < Math.min(codes.length, start + CHARS_PER_CONSTANT); i++) {
                appendEscaped(literal, codes[i]);
            }
            parts.add(CodeBlock.of("$L", literal.append('"')));
        }
        return CodeBlock.builder()
                .add("$T.chars(\n$>", names.type(CELL_TABLES))
                .add(CodeBlock.join(parts, ",\n"))
                .add("$<)")
                .build();
    }

    /** Printable ASCII as is; everything else as an escape javac reads back exactly (never a Unicode escape of a line end). */
    private static void appendEscaped(StringBuilder literal, int code) {
        if (code >= 0x20 && code < 0x7f && code != '"' && code != '\\') {
            literal.append((char) code);
        } else if (code < 0x100) {
            // Always three octal digits, so that a following digit never joins the escape.
            literal.append(String.format("\\%03o", code));
        } else {
            literal.append(String.format("\\u%04x", code));
        }
    }

    /** The code fire runs between its queue check and the run-to-completion frame: the lookup and the plain cells. */
    CodeBlock firePlainCells() {
        return CodeBlock.builder()
                .addStatement("int cell = $L", lookup())
                .beginControlFlow("if (cell < $L && !$L)", names.stateCountField, names.followUpField)
                .add("// A plain cell: it only sets the state, and nobody waits to hear of it.\n")
                .add(names.assignState(CodeBlock.of("cell")))
                .addStatement("return true")
                .endControlFlow()
                .build();
    }

    /** The code of the cell for the current state and {@code event}. */
    private CodeBlock lookup() {
        return CodeBlock.of("$L[$L * $L + event.ordinal()]", names.cellsField, names.stateOrdinalField,
                names.eventCountField);
    }

    /** fire's step inside the frame, for the cell it looked up. */
    CodeBlock fireStep() {
        return CodeBlock.builder()
                .addStatement("boolean handled = $L(cell, $L)", names.cellMethod(), names.dispatchArguments())
                .build();
    }

    /** {@code dispatch}, for queued events: the lookup, then the cell. */
    List<MethodSpec> dispatchMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(names.dispatchSignature(names.dispatchName(0))
                .addStatement("return $L($L, $L)", names.cellMethod(), lookup(), names.dispatchArguments())
                .build());
        methods.addAll(cellMethods());
        return methods;
    }

    /**
     * {@code dispatchCell}: a plain cell, then the switch over the distinct bodies. With more bodies than fit one
     * method, the first method picks a part ({@link #switchOver}) and each part switches again.
     */
    private List<MethodSpec> cellMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        int perMethod = casesPerMethod();
        MethodSpec.Builder first = cellSignature(names.cellMethod())
                .addJavadoc("Runs the cell whose code is {@code cell}.\n")
                .beginControlFlow("if (cell < $L)", names.stateCountField)
                .addCode(names.assignState(CodeBlock.of("cell")))
                .addStatement("return true")
                .endControlFlow();
        methods.add(switchOver(first, 0, distinct.size(), perMethod, methods));
        return methods;
    }

    /**
     * The cases per switch method: the bodies divided evenly among the fewest parts such that every run of that many
     * consecutive bodies is estimated under {@link #INLINE_LIMIT_BYTES}; at most {@value #CASES_PER_METHOD}, and at
     * least 2 so that the parts still narrow. A body too long to inline on its own is counted as the call that runs it
     * out of line ({@link #outlined}), so one such body does not shrink every part.
     *
     * <p>Fewest and even, not merely small enough: C2 trusts a method's branch profile only once the method has run
     * about a thousand times (20 % of {@code Tier4InvocationThreshold}, {@code ProfileMaturityPercentage}), and a part
     * runs only for its own cells. A part below that when {@code fire} is compiled has all its cells compiled into
     * {@code fire}, run or not. TCP's 36 bodies in parts of 8 (or 16, 16 and 4) left such parts, and {@code fire}
     * compiled to 3.5–4.8 KB, past the 2,500 bytes ({@code InlineSmallCode}) up to which its caller inlines it; in
     * three parts of 12 it compiled to 2.2 KB and was inlined (BENCHMARKS.md, section 2, runs BA–BJ).
     */
    private int casesPerMethod() {
        for (int parts = 1; ; parts++) {
            int cases = Math.max(2, (distinct.size() + parts - 1) / parts);
            if (cases == 2 || cases <= CASES_PER_METHOD && everyRunFits(cases)) {
                return cases;
            }
        }
    }

    private boolean everyRunFits(int cases) {
        for (int start = 0; start < distinct.size(); start += cases) {
            int bytes = SWITCH_OVERHEAD_BYTES;
            for (int i = start; i < Math.min(distinct.size(), start + cases); i++) {
                bytes += CASE_ENTRY_BYTES + (outlined(distinct.get(i)) ? OUTLINED_CALL_BYTES : distinct.get(i).bytes());
            }
            if (bytes >= INLINE_LIMIT_BYTES) {
                return false;
            }
        }
        return true;
    }

    /** Whether a body is too long to be inlined even alone in its switch, and so runs in a method of its own. */
    private static boolean outlined(Body body) {
        return SWITCH_OVERHEAD_BYTES + CASE_ENTRY_BYTES + body.bytes() >= INLINE_LIMIT_BYTES;
    }

    /**
     * The parts' size in a switch over {@code bodies}: 1 (a switch over the bodies themselves) when they fit one
     * method, else the smallest power of {@code perMethod} that leaves at most {@code perMethod} parts. Taken from
     * each method's own bodies: a last part too small to need parts of its own is one switch, not a switch with one
     * case calling a method over the same bodies, which got the same name ("dispatchCells65To65 is already defined",
     * for 65 distinct bodies in methods of 8).
     */
    private static int span(int bodies, int perMethod) {
        int span = 1;
        while (span * perMethod < bodies) {
            span *= perMethod;
        }
        return span;
    }

    /**
     * Switches over bodies {@code from..to}: directly when they fit one method, else over parts of {@link #span}
     * bodies. A part is picked by the bodies' own codes as labels when that switch fits one method (a comparison or
     * two once compiled), else by {@code (cell - STATE_COUNT - from) / span}, parts numbered from {@code from}: a
     * machine of thousands of bodies.
     */
    private MethodSpec switchOver(MethodSpec.Builder method, int from, int to, int perMethod, List<MethodSpec> more) {
        int span = span(to - from, perMethod);
        if (span == 1) {
            method.beginControlFlow("switch (cell)");
            boolean tooLong = CellOutlining.needed(distinct.subList(from, to).stream().mapToInt(Body::length));
            for (int i = from; i < to; i++) {
                Body body = distinct.get(i);
                method.addCode("case $L:\n$>", stateCount + i);
                describe(body).forEach(line -> method.addCode("// $L\n", line));
                if (outlined(body) || tooLong && CellOutlining.outlines(body.length())) {
                    String name = names.outlinedCellName("runCell" + (stateCount + i));
                    more.add(CellOutlining.method(names, name, names.cellMethod(), body.code()));
                    method.addCode(CellOutlining.call(names, name)).addCode("$<");
                    continue;
                }
                method.addCode(body.code()).addCode("$<");
            }
        } else {
            boolean labels = labelsFit(to - from, span);
            if (labels) {
                // Each part's bodies as labels of one case: C2 compiles runs of labels with one target into ranges,
                // so the part is picked by a comparison or two, not by a division by a span that may not be a power
                // of two.
                method.beginControlFlow("switch (cell)");
            } else if (from == 0) {
                method.beginControlFlow("switch ((cell - $L) / $L)", names.stateCountField, span);
            } else {
                method.beginControlFlow("switch ((cell - $L - $L) / $L)", names.stateCountField, from, span);
            }
            for (int part = 0; from + part * span < to; part++) {
                int start = from + part * span;
                int end = Math.min(to, start + span);
                String name = names.cellRangeMethod(stateCount + start, stateCount + end - 1);
                if (labels) {
                    for (int i = start; i < end; i++) {
                        method.addCode("case $L:\n", stateCount + i);
                    }
                } else {
                    method.addCode("case $L:\n", part);
                }
                method.addCode("$>")
                        .addStatement("return $L(cell, $L)", name, names.dispatchArguments())
                        .addCode("$<");
                more.add(switchOver(cellSignature(name), start, end, perMethod, more));
            }
        }
        return method.addCode("default:\n$>")
                .addStatement("throw new $T(cell)", names.type(AssertionError.class))
                .addCode("$<")
                .endControlFlow()
                .build();
    }

    /**
     * Whether a switch naming each of {@code bodies} as a label, one case per part of {@code span}, stays under
     * {@link #INLINE_LIMIT_BYTES}: four bytes a label in the jump table and a call a part.
     */
    private static boolean labelsFit(int bodies, int span) {
        int parts = (bodies + span - 1) / span;
        return SWITCH_OVERHEAD_BYTES + CASE_ENTRY_BYTES * bodies + OUTLINED_CALL_BYTES * parts < INLINE_LIMIT_BYTES;
    }

    /** The rows behind the first three cells that share a body (each row once), then how many cells more. */
    private List<String> describe(Body body) {
        List<String> lines = new ArrayList<>();
        if (body.cells().isEmpty()) {
            lines.add("no row handles the event in this state");
            return lines;
        }
        int shown = Math.min(3, body.cells().size());
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (int i = 0; i < shown; i++) {
            CellModel cell = body.cells().get(i);
            for (int position = 0; position < cell.rows().size(); position++) {
                seen.addAll(bodies.describe(body.states().get(i), List.of(cell), position));
            }
        }
        lines.addAll(seen);
        if (body.cells().size() > shown) {
            lines.add("... and " + (body.cells().size() - shown) + " more cells with the same code");
        }
        return lines;
    }

    private MethodSpec.Builder cellSignature(String name) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(TypeName.INT, "cell")
                .addParameter(names.eventType(), "event");
        if (names.hasPayload()) {
            method.addParameter(names.payloadType(), "payload");
        }
        return method;
    }
}
