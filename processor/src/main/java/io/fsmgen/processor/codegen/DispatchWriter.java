package io.fsmgen.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.model.StateModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the dispatch of a machine: {@code fire} switches on the current state's ordinal and calls one method per
 * state, which switches on the event's ordinal; each case tries its rows in order. Ordinals are compile-time
 * constants, so javac emits {@code tableswitch} instructions without the {@code $SwitchMap} lookup an enum switch
 * costs, and the constants keep the code readable in a debugger. Switches longer than {@link #CASES_PER_METHOD} are
 * chained over several methods, so that machines with hundreds of states and events stay far below the JVM's 64 KB
 * method limit.
 *
 * <p>The per-state cells are the dispatch's only input, for flat and hierarchical machines alike: a hierarchical
 * machine's leaves hold their resolved rows (their own, their ancestors', then {@code "*"}), and a row that carries a
 * path is written by {@link HierarchyWriter} (exit chain, actions, history and timeouts, entry chain). Composites have
 * no cells: the active state is always a leaf.
 */
final class DispatchWriter {

    static final int CASES_PER_METHOD = 64;

    private final MachineModel model;
    private final MachineNames names;
    private final FailureWriter failures;
    /** Present for a hierarchical machine: writes the transitions of rows that carry a path. */
    private final Optional<HierarchyWriter> hierarchy;

    DispatchWriter(MachineModel model, MachineNames names, FailureWriter failures,
            Optional<HierarchyWriter> hierarchy) {
        this.model = model;
        this.names = names;
        this.failures = failures;
        this.hierarchy = hierarchy;
    }

    /**
     * The switch on the current state as {@code fire} runs it, assigning the outcome to {@code handled}. It repeats
     * the first part of {@link #dispatchMethods()} rather than calling it: HotSpot compiles a hot {@code dispatch}
     * on its own, with every state's method inside, and such a method is then too big to inline into {@code fire};
     * with the switch in {@code fire} the per-state methods inline into it and an event costs no call. On the TCP
     * machine, JMH forks in which {@code dispatch} had stayed a call ran about 40 % slower than those in which it was
     * inlined; which one happened depended on the order of compilation.
     */
    CodeBlock fireSwitch() {
        return CodeBlock.builder()
                .add("// $L()'s switch, repeated so that each state's method inlines into fire.\n",
                        names.dispatchName(0))
                .addStatement("boolean handled")
                .add(stateSwitch(0, call -> CodeBlock.builder()
                        .addStatement("handled = $L", call)
                        .addStatement("break")
                        .build()))
                .build();
    }

    /** The switch on the current state, chained over several methods when there are many states. */
    List<MethodSpec> dispatchMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        for (int part = 0; part < partition(model.states()).size(); part++) {
            methods.add(names.dispatchSignature(names.dispatchName(part))
                    .addCode(stateSwitch(part, call -> CodeBlock.of("return $L;\n", call)))
                    .build());
        }
        return methods;
    }

    /**
     * One part of the switch on the current state: each case calls its state's method (or the unhandled policy, for
     * a state that handles nothing), the default calls the next part, and {@code outcome} turns each call into the
     * case's statements.
     */
    private CodeBlock stateSwitch(int part, Function<CodeBlock, CodeBlock> outcome) {
        List<List<StateModel>> parts = partition(model.states());
        CodeBlock.Builder code = CodeBlock.builder().beginControlFlow("switch ($L)", names.stateOrdinalField);
        for (StateModel state : parts.get(part)) {
            if (isComposite(state)) {
                continue; // never the active state: the active state is always a leaf
            }
            CodeBlock call = state.cells().isEmpty()
                    ? CodeBlock.of("$L(event)", names.unhandledName)
                    : CodeBlock.of("$L($L)", names.stateMethod(state, 0), names.dispatchArguments());
            code.add("case $L:\n$>", names.stateConstant(state.name())).add(outcome.apply(call)).add("$<");
        }
        code.add("default:\n$>");
        if (part + 1 < parts.size()) {
            code.add(outcome.apply(CodeBlock.of("$L($L)", names.dispatchName(part + 1), names.dispatchArguments())));
        } else {
            code.addStatement("throw new $T($L)", names.type(AssertionError.class), names.stateOrdinalField);
        }
        return code.add("$<").endControlFlow().build();
    }

    /** One method per state (more for states that handle many events), switching on the event. */
    List<MethodSpec> stateDispatchMethods(StateModel state) {
        if (state.cells().isEmpty()) {
            return List.of();
        }
        List<List<CellModel>> parts = partition(state.cells());
        List<MethodSpec> methods = new ArrayList<>();
        for (int part = 0; part < parts.size(); part++) {
            MethodSpec.Builder method = names.dispatchSignature(names.stateMethod(state, part));
            if (part == 0) {
                method.addJavadoc("Events handled in $L.\n", state.name());
            }
            method.beginControlFlow("switch (event.ordinal())");
            Map<String, List<CellModel>> groups = sharingCode(state, parts.get(part));
            boolean outline = CellOutlining.needed(groups.keySet().stream().mapToInt(String::length));
            for (Map.Entry<String, List<CellModel>> shared : groups.entrySet()) {
                List<CellModel> group = shared.getValue();
                for (CellModel cell : group) {
                    method.addCode("case $L:\n", names.eventConstant(model.eventNames().get(cell.event())));
                }
                CodeBlock body = cellCode(state, group, true);
                if (outline && CellOutlining.outlines(shared.getKey().length())) {
                    String name = names.outlinedCellName(names.stateMethod(state, 0) + "On"
                            + Identifiers.camel(List.of(model.eventNames().get(group.get(0).event()))).get(0));
                    methods.add(CellOutlining.method(names, name, names.stateMethod(state, part), body));
                    body = CellOutlining.call(names, name);
                }
                method.addCode("$>");
                method.addCode(body);
                method.addCode("$<");
            }
            method.addCode("default:\n");
            if (part + 1 < parts.size()) {
                method.addStatement("$>return $L($L)$<", names.stateMethod(state, part + 1), names.dispatchArguments());
            } else {
                method.addStatement("$>return $L(event)$<", names.unhandledName);
            }
            methods.add(method.endControlFlow().build());
        }
        return methods;
    }

    /**
     * Groups cells whose code is the same apart from comments, in order of first appearance, under that code's
     * text (which also measures it for {@link CellOutlining}): they share one case body under several labels. Most
     * TCP states answer many events alike (an error, a RST, or nothing): sharing took the TCP machine's largest
     * per-state method from 326 to 275 bytes of bytecode, within the JIT's limit for inlining a hot method (325),
     * and the generated file from 1,268 to 1,040 lines (measured before the other changes of that session).
     */
    private Map<String, List<CellModel>> sharingCode(StateModel state, List<CellModel> cells) {
        Map<String, List<CellModel>> groups = new LinkedHashMap<>();
        for (CellModel cell : cells) {
            String code = cellCode(state, List.of(cell), false).toString();
            groups.computeIfAbsent(code, key -> new ArrayList<>()).add(cell);
        }
        return groups;
    }

    /** The rows of a group of cells with the same code, tried in order; the comments name every row and event. */
    CodeBlock cellCode(StateModel state, List<CellModel> group, boolean comments) {
        CodeBlock.Builder code = CodeBlock.builder();
        List<RowModel> rows = group.get(0).rows();
        for (int position = 0; position < rows.size(); position++) {
            RowModel row = rows.get(position);
            if (comments) {
                describe(state, group, position).forEach(line -> code.add("// $L\n", line));
            }
            if (row.guard().isPresent()) {
                code.beginControlFlow("if ($L$L)", row.guard().get().negated() ? "!" : "",
                        failures.call(FailureWriter.Role.GUARD, row.guard().get().call()));
                code.add(transitionCode(state, row));
                code.endControlFlow();
            } else {
                code.add(transitionCode(state, row));
                return code.build();
            }
        }
        if (group.get(0).deferred()) {
            if (comments) {
                code.add("// $L defers $L\n", deferringState(state, group.get(0).event()),
                        String.join(", ", group.stream().map(cell -> model.eventNames().get(cell.event())).toList()));
            }
            return code.addStatement("return $L($L)", names.deferName, names.dispatchArguments()).build();
        }
        return code.addStatement("return $L(event)", names.unhandledName).build();
    }

    /** The state that defers {@code event} for {@code leaf}: the innermost one on the way out. */
    private String deferringState(StateModel leaf, int event) {
        var tree = model.hierarchy().orElseThrow();
        return tree.selfAndAncestors(leaf.ordinal()).stream()
                .filter(state -> tree.defers(state, event))
                .findFirst()
                .map(model.stateNames()::get)
                .orElseThrow();
    }

    private boolean isComposite(StateModel state) {
        return model.hierarchy().filter(h -> h.isComposite(state.ordinal())).isPresent();
    }

    /**
     * One comment line per declared row behind the group's row at {@code position}: the cells share code, but may
     * come from different rows (an explicit row and a {@code "*"} row that do the same thing).
     */
    List<String> describe(StateModel state, List<CellModel> group, int position) {
        Map<RowModel, List<String>> eventsByRow = new LinkedHashMap<>();
        for (CellModel cell : group) {
            eventsByRow.computeIfAbsent(cell.rows().get(position), row -> new ArrayList<>())
                    .add(model.eventNames().get(cell.event()));
        }
        List<String> lines = new ArrayList<>();
        eventsByRow.forEach((row, events) -> lines.add(describe(state, String.join(", ", events), row)));
        return lines;
    }

    private String describe(StateModel state, String events, RowModel row) {
        int declaredOn = row.source() < 0 ? state.ordinal() : row.source();
        StringBuilder text = new StringBuilder()
                .append(row.wildcard() ? "*" : model.stateNames().get(declaredOn))
                .append(" --")
                .append(events);
        row.guard().ifPresent(guard -> text.append(" [").append(guard.text()).append(']'));
        if (!row.actions().isEmpty()) {
            text.append(" / ").append(row.actions().stream().map(CallModel::method).collect(Collectors.joining(", ")));
        }
        text.append(row.target().map(t -> "--> " + model.stateNames().get(t)).orElse("--> (internal)"));
        if (row.local()) {
            text.append(" (local)");
        }
        if (row.history()) {
            text.append(" (history)");
        }
        return text.append("   (").append(row.origin()).append(')').toString();
    }

    /**
     * A row's own code: the source's exit actions, the row's actions, the source's timeouts stopped, then a call to
     * the small method that finishes every transition into its target. Timeouts are stopped only once the actions
     * succeeded, so that a transition abandoned by a failure leaves the source as it was (see {@link FailureWriter}).
     * Keeping each case this short keeps the per-state methods small enough for the JIT to inline. Listeners are told
     * by {@code fire}, after the transition, and only when some are registered.
     */
    private CodeBlock transitionCode(StateModel source, RowModel row) {
        CodeBlock.Builder code = CodeBlock.builder();
        if (row.isInternal()) {
            row.actions().forEach(action -> code.addStatement("$L", failures.call(FailureWriter.Role.ACTION, action)));
            return code.addStatement("return true").build();
        }
        if (row.path().isPresent()) {
            return hierarchy.orElseThrow().transition(row);
        }
        StateModel target = model.states().get(row.target().get());
        if (!source.exitActions().isEmpty()) {
            code.addStatement("$L($L)", names.exitName(source), names.dispatchArguments());
        }
        row.actions().forEach(action -> code.addStatement("$L", failures.call(FailureWriter.Role.ACTION, action)));
        if (!source.timeouts().isEmpty()) {
            code.addStatement("$L()", names.stopTimeoutsName(source));
        }
        return code.addStatement("return $L($L)", names.enterName(target), names.dispatchArguments()).build();
    }

    /** The states some external transition leads to: each gets one method that finishes transitions into it. */
    List<MethodSpec> enterMethods() {
        boolean[] targeted = new boolean[model.states().size()];
        for (StateModel state : model.states()) {
            for (CellModel cell : state.cells()) {
                for (RowModel row : cell.rows()) {
                    row.target().ifPresent(target -> targeted[target] = true);
                }
            }
        }
        List<MethodSpec> methods = new ArrayList<>();
        for (StateModel target : model.states()) {
            if (targeted[target.ordinal()]) {
                methods.add(enterMethod(target));
            }
        }
        return methods;
    }

    /**
     * Sets the state and runs entry work: the tail of every transition into {@code target}. The source is still the
     * current state here: exit work and actions ran, but nothing can change the state during them.
     */
    private MethodSpec enterMethod(StateModel target) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.enterName(target))
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(names.eventType(), "event");
        if (names.hasPayload()) {
            method.addParameter(names.payloadType(), "payload");
        }
        method.addCode(names.assignState(target.name()));
        if (target.hasEntryWork()) {
            method.addStatement("$L($L)", names.entryName(target), names.dispatchArguments());
        }
        return method.addStatement("return true").build();
    }

    private static <T> List<List<T>> partition(List<T> items) {
        List<List<T>> parts = new ArrayList<>();
        for (int start = 0; start < items.size(); start += CASES_PER_METHOD) {
            parts.add(items.subList(start, Math.min(items.size(), start + CASES_PER_METHOD)));
        }
        if (parts.isEmpty()) {
            parts.add(List.of());
        }
        return parts;
    }
}
