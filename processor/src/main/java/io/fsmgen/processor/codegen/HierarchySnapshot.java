package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import io.fsmgen.History;
import io.fsmgen.processor.model.HierarchyModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.SnapshotModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The section a hierarchical machine adds to its snapshot, after the fields ({@link SnapshotWriter} describes the
 * rest): each remembering composite's memory, as the remembered state's ordinal plus one (0: nothing yet), then the
 * number of deferred events and their ordinals, oldest first. Decoding checks that the active state is a leaf, that
 * each memory is one the composite can hold (a child for shallow history, a leaf inside it for deep), and that every
 * deferred event exists and fits the limit, before anything is applied. Deferred events with a payload cannot be
 * captured: {@code encode} says so rather than drop the payload.
 */
final class HierarchySnapshot {

    private final MachineModel model;
    private final HierarchyModel hierarchy;
    private final MachineNames names;
    private final String simpleName;
    private final List<Integer> remembering = new ArrayList<>();

    HierarchySnapshot(MachineModel model, MachineNames names) {
        this.model = model;
        this.hierarchy = model.hierarchy().orElseThrow();
        this.names = names;
        this.simpleName = model.machine().simpleName();
        for (int state = 0; state < hierarchy.size(); state++) {
            if (hierarchy.history(state) != History.NONE) {
                remembering.add(state);
            }
        }
    }

    /** The scratch array decode reads deferred events into before applying them: allocated once, with the machine. */
    List<FieldSpec> fields() {
        if (!hierarchy.hasDeferrals()) {
            return List.of();
        }
        return List.of(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), names.decodedDeferredField, Modifier.PRIVATE,
                        Modifier.FINAL)
                .addJavadoc("Where decode reads deferred events before it applies them: decoding allocates nothing.\n")
                .initializer("new int[$L]", hierarchy.deferLimit())
                .build());
    }

    int bits() {
        int bits = remembering.size() * SnapshotModel.historyBits(model.stateNames().size());
        if (hierarchy.hasDeferrals()) {
            bits += 1 + SnapshotModel.countBits(hierarchy.deferLimit());
        }
        return bits;
    }

    CodeBlock javadoc() {
        CodeBlock.Builder doc = CodeBlock.builder();
        for (int composite : remembering) {
            doc.add("  <li>the $L history of $L, ordinal + 1 (0: none yet): $L bits\n",
                    hierarchy.history(composite).name().toLowerCase(java.util.Locale.ROOT),
                    model.stateNames().get(composite), SnapshotModel.historyBits(model.stateNames().size()));
        }
        if (hierarchy.hasDeferrals()) {
            doc.add("  <li>whether the deferred events are due to be offered again: 1 bit\n");
            doc.add("  <li>the number of deferred events: $L bits, then each one's ordinal: $L bits\n",
                    SnapshotModel.countBits(hierarchy.deferLimit()),
                    SnapshotModel.eventBits(model.eventNames().size()));
        }
        return doc.build();
    }

    CodeBlock encode(NameAllocator locals) {
        CodeBlock.Builder code = CodeBlock.builder();
        String deferred = names.deferredField;
        for (int composite : remembering) {
            code.addStatement("out.write($L + 1L, $L)", names.historyField(composite),
                    SnapshotModel.historyBits(model.stateNames().size()));
        }
        if (hierarchy.hasDeferrals()) {
            String i = locals.newName("i");
            if (names.hasPayload()) {
                code.beginControlFlow("for (int $L = 0; $L < $L.size(); $L++)", i, i, deferred, i)
                        .beginControlFlow("if ($L.payloadAt($L) != null)", deferred, i)
                        .addStatement("throw new $T($S + $L[$L.eventAt($L)] + $S)",
                                names.type(IllegalStateException.class), simpleName + ": deferred event ",
                                names.eventsField, deferred, i, " carries a payload, which a snapshot cannot hold")
                        .endControlFlow()
                        .endControlFlow();
            }
            code.addStatement("out.write($L ? 1 : 0, 1)", names.reofferPendingField)
                    .addStatement("out.write($L.size(), $L)", deferred, SnapshotModel.countBits(hierarchy.deferLimit()))
                    .beginControlFlow("for (int $L = 0; $L < $L.size(); $L++)", i, i, deferred, i)
                    .addStatement("out.write($L.eventAt($L), $L)", deferred, i,
                            SnapshotModel.eventBits(model.eventNames().size()))
                    .endControlFlow();
        }
        return code.build();
    }

    /** Reads and checks the section into locals; returns their names, in {@link #remembering} order. */
    CodeBlock read(String stateLocal, NameAllocator locals, List<String> historyLocals, String[] countLocal,
            List<MethodSpec> predicates) {
        CodeBlock.Builder code = CodeBlock.builder();
        List<Integer> composites = new ArrayList<>();
        for (int state = 0; state < hierarchy.size(); state++) {
            if (hierarchy.isComposite(state)) {
                composites.add(state);
            }
        }
        CodeBlock compositeRead = CodeBlock.of("throw new $T($S + $L + $S)",
                names.type(IllegalArgumentException.class), simpleName + ": the snapshot's active state ",
                names.stateAt(stateLocal), " is a composite; the active state is always a leaf");
        if (composites.size() == 1) {
            code.beginControlFlow("if ($L == $L)", stateLocal,
                            names.stateConstant(model.stateNames().get(composites.get(0))))
                    .addStatement(compositeRead)
                    .endControlFlow();
        } else if (composites.size() > SnapshotWriter.MAX_CONDITION_TERMS) {
            String isComposite = names.ordinalSetName("isComposite");
            predicates.add(OrdinalSetMethod.of(isComposite, "The composites, never the active state.",
                    composites.stream().map(this::stateLabel).toList()));
            code.beginControlFlow("if ($L($L))", isComposite, stateLocal)
                    .addStatement(compositeRead)
                    .endControlFlow();
        } else if (!composites.isEmpty()) {
            code.beginControlFlow("switch ($L)", stateLocal)
                    .add(caseLabels(List.of(), composites))
                    .indent()
                    .addStatement(compositeRead)
                    .unindent()
                    .add("default:\n")
                    .indent()
                    .addStatement("break")
                    .unindent()
                    .endControlFlow();
        }
        for (int composite : remembering) {
            String local = locals.newName(names.historyField(composite) + "Stored");
            historyLocals.add(local);
            code.addStatement("int $L = (int) in.read($L) - 1", local,
                    SnapshotModel.historyBits(model.stateNames().size()));
            List<Integer> allowed = hierarchy.history(composite) == History.DEEP
                    ? hierarchy.leavesWithin(composite)
                    : hierarchy.children(composite);
            CodeBlock refuse = CodeBlock.of("throw new $T($S + $L + $S)", names.type(IllegalArgumentException.class),
                    simpleName + ": the snapshot's history of " + model.stateNames().get(composite)
                            + " holds ordinal ", local, ", which is not "
                            + (hierarchy.history(composite) == History.DEEP ? "a leaf inside it" : "a child"));
            if (allowed.size() > SnapshotWriter.MAX_CONDITION_TERMS) {
                // In a method of its own: the labels of several histories over thousands of leaves would fill this one.
                String holds = names.ordinalSetName(names.historyField(composite) + "Holds");
                predicates.add(OrdinalSetMethod.of(holds, "What the history of " + model.stateNames().get(composite)
                        + " may remember.", allowed.stream().map(this::stateLabel).toList()));
                code.beginControlFlow("if ($L != -1 && !$L($L))", local, holds, local)
                        .addStatement(refuse)
                        .endControlFlow();
                continue;
            }
            code.beginControlFlow("switch ($L)", local)
                    .add(caseLabels(List.of("-1"), allowed))
                    .indent()
                    .addStatement("break")
                    .unindent()
                    .add("default:\n")
                    .indent()
                    .addStatement(refuse)
                    .unindent()
                    .endControlFlow();
        }
        if (hierarchy.hasDeferrals()) {
            String due = locals.newName("deferredDue", "deferred due");
            code.addStatement("boolean $L = in.read(1) != 0", due);
            String count = locals.newName("deferredCount");
            countLocal[0] = count;
            String i = locals.newName("i", "deferred index");
            String scratch = names.decodedDeferredField;
            code.addStatement("int $L = (int) in.read($L)", count, SnapshotModel.countBits(hierarchy.deferLimit()))
                    .beginControlFlow("if ($L > $L)", count, hierarchy.deferLimit())
                    .addStatement("throw new $T($S + $L + $S)", names.type(IllegalArgumentException.class),
                            simpleName + ": the snapshot holds ", count,
                            " deferred events, more than deferLimit = " + hierarchy.deferLimit())
                    .endControlFlow()
                    .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, count, i)
                    .addStatement("$L[$L] = (int) in.read($L)", scratch, i,
                            SnapshotModel.eventBits(model.eventNames().size()))
                    .beginControlFlow("if ($L[$L] >= $L)", scratch, i, model.eventNames().size())
                    .addStatement("throw new $T($S + $L[$L])", names.type(IllegalArgumentException.class),
                            simpleName + ": the snapshot holds a deferred event of unknown ordinal ", scratch, i)
                    .endControlFlow()
                    .endControlFlow();
        }
        return code.build();
    }

    CodeBlock apply(List<String> historyLocals, String countLocal, NameAllocator locals) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (int i = 0; i < remembering.size(); i++) {
            code.addStatement("$L = $L", names.historyField(remembering.get(i)), historyLocals.get(i));
        }
        if (hierarchy.hasDeferrals()) {
            String i = locals.get("deferred index");
            // Due as they were when the snapshot was taken: due only after a state change, or after a failure that
            // left them due (see HierarchyWriter.offerDueDeferred), never merely because some wait.
            code.addStatement("$L.clear()", names.deferredField)
                    .addStatement("$L = $L && $L > 0", names.reofferPendingField, locals.get("deferred due"), countLocal)
                    .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, countLocal, i)
                    .addStatement("$L.offer($L[$L], null)", names.deferredField, names.decodedDeferredField, i)
                    .endControlFlow();
        }
        return code.build();
    }

    /** The leaves in which a timeout declared on {@code states} runs. */
    List<Integer> leavesWithin(List<Integer> states) {
        return states.stream().flatMap(state -> hierarchy.leavesWithin(state).stream()).distinct().toList();
    }

    private CodeBlock stateLabel(int state) {
        return CodeBlock.of("$L", names.stateConstant(model.stateNames().get(state)));
    }

    /**
     * One {@code case} label per value, then per state constant: a switch rather than a chain of {@code ==} or
     * {@code !=}, because javac's recursive descent overflows its stack on a chain of a thousand or more operators.
     */
    private CodeBlock caseLabels(List<String> values, List<Integer> states) {
        CodeBlock.Builder labels = CodeBlock.builder();
        values.forEach(value -> labels.add("case $L:\n", value));
        states.forEach(state -> labels.add("case $L:\n", names.stateConstant(model.stateNames().get(state))));
        return labels.build();
    }
}
