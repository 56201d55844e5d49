package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.fsmgen.History;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.HierarchyModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.PathModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.model.StateModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes what a hierarchical machine adds to a flat one. The hierarchy was flattened at build time
 * ({@code Flattening}): each leaf's cells hold its resolved rows, and each row the path it takes from that leaf. Here
 * every distinct path becomes two small methods that the dispatch calls around the row's actions: a {@code leave}
 * chain (history recorded, exit work innermost first) and an {@code enter} chain (state set, entry work outermost
 * first), or a {@code resume} method that picks the entry chain from a composite's history at run time. Nothing is
 * looked up per event: the chains are straight-line calls.
 *
 * <p>Deferred events wait in a fixed ring ({@code io.fsmgen.DeferredEvents}); a state change marks them for
 * re-offering, which the follow-up does before any queued (newer) event.
 */
final class HierarchyWriter {

    static final ClassName OUTCOME = ClassName.get("io.fsmgen", "Outcome");
    private static final ClassName DEFERRED_EVENTS = ClassName.get("io.fsmgen", "DeferredEvents");

    private final MachineModel model;
    private final HierarchyModel hierarchy;
    private final MachineNames names;
    private final HookWriter hooks;
    /** Leave chains by (leaf, domain), in the order the dispatch first needs them. */
    private final Map<List<Integer>, PathModel> leaves = new LinkedHashMap<>();
    /** Enter and resume chains by (target, domain, resume), likewise. */
    private final Map<List<Integer>, PathModel> enters = new LinkedHashMap<>();

    HierarchyWriter(MachineModel model, MachineNames names, HookWriter hooks) {
        this.model = model;
        this.hierarchy = model.hierarchy().orElseThrow();
        this.names = names;
        this.hooks = hooks;
        for (StateModel state : model.states()) {
            for (CellModel cell : state.cells()) {
                for (RowModel row : cell.rows()) {
                    row.path().ifPresent(path -> {
                        leaves.putIfAbsent(leaveKey(path), path);
                        enters.putIfAbsent(enterKey(path), path);
                    });
                }
            }
        }
    }

    boolean defers() {
        return hierarchy.hasDeferrals();
    }

    private static List<Integer> leaveKey(PathModel path) {
        return List.of(path.exits().get(0), path.domain());
    }

    private static List<Integer> enterKey(PathModel path) {
        return List.of(path.resume().orElse(path.leaf()), path.domain(), path.resume().isPresent() ? 1 : 0);
    }

    // ---- fields ----------------------------------------------------------------------------------------------

    List<FieldSpec> fields() {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "PARENTS", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc("Each state's parent ordinal, -1 for a top-level state: what {@link #isIn} walks.\n")
                .initializer("{$L}", String.join(", ", hierarchy.parents().stream().map(String::valueOf).toList()))
                .build());
        for (int composite = 0; composite < hierarchy.size(); composite++) {
            if (hierarchy.history(composite) != History.NONE) {
                fields.add(FieldSpec.builder(TypeName.INT, names.historyField(composite), Modifier.PRIVATE)
                        .addJavadoc("$L history of $L: the $L active when it was last left, -1 before that.\n",
                                hierarchy.history(composite) == History.DEEP ? "Deep" : "Shallow",
                                model.stateNames().get(composite),
                                hierarchy.history(composite) == History.DEEP ? "leaf" : "child")
                        .initializer("-1")
                        .build());
            }
        }
        if (defers()) {
            fields.add(FieldSpec.builder(DEFERRED_EVENTS, "deferred", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Deferred events, oldest first, at most $L (deferLimit).\n", hierarchy.deferLimit())
                    .initializer("new $T($L)", DEFERRED_EVENTS, hierarchy.deferLimit())
                    .build());
            fields.add(FieldSpec.builder(TypeName.BOOLEAN, "reofferPending", Modifier.PRIVATE)
                    .addJavadoc("True when the state changed while events were deferred: they are offered again.\n")
                    .build());
            fields.add(FieldSpec.builder(TypeName.BOOLEAN, "reoffering", Modifier.PRIVATE)
                    .addJavadoc("True while deferred events are offered again: deferring one keeps its place.\n")
                    .build());
            fields.add(FieldSpec.builder(TypeName.BOOLEAN, "deferredNow", Modifier.PRIVATE)
                    .addJavadoc("Set when the event just dispatched was deferred.\n")
                    .build());
        }
        return fields;
    }

    // ---- public API --------------------------------------------------------------------------------------------

    /** {@code isIn(S)}: the active leaf or any composite above it. */
    MethodSpec isIn() {
        return MethodSpec.methodBuilder("isIn")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(model.stateType(), "candidate")
                .addStatement("int wanted = candidate.ordinal()")
                .beginControlFlow("for (int at = state.ordinal(); at != -1; at = PARENTS[at])")
                .beginControlFlow("if (at == wanted)")
                .addStatement("return true")
                .endControlFlow()
                .endControlFlow()
                .addStatement("return false")
                .build();
    }

    MethodSpec deferredCount() {
        return MethodSpec.methodBuilder("deferredCount")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT)
                .addStatement(defers() ? "return deferred.size()" : "return 0")
                .build();
    }

    /** The body of {@code send}: dispatch, then the outcome, computed before the follow-up can change it. */
    CodeBlock outcome() {
        if (!defers()) {
            return CodeBlock.of("$T outcome = handled ? $T.HANDLED : $T.UNHANDLED;\n", OUTCOME, OUTCOME, OUTCOME);
        }
        return CodeBlock.builder()
                .addStatement("$T outcome = handled ? $T.HANDLED : deferredNow ? $T.DEFERRED : $T.UNHANDLED",
                        OUTCOME, OUTCOME, OUTCOME, OUTCOME)
                .addStatement("deferredNow = false")
                .build();
    }

    /** {@code restore(S)}: a composite lands in the leaf its initial children lead to; no entry work runs. */
    MethodSpec restore() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("restore")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(model.stateType(), "target")
                .addStatement("$T.requireNonNull(target, $S)", ClassName.get("java.util", "Objects"), "target")
                .beginControlFlow("if (processing)")
                .addStatement("throw new $T($S)", IllegalStateException.class,
                        model.machine().simpleName() + ".restore() called while an event is being processed")
                .endControlFlow();
        if (!model.timeouts().isEmpty()) {
            method.addStatement("$L()", names.cancelAllTimeoutsName);
        }
        method.addCode(forgetHistoryAndDeferred());
        method.beginControlFlow("switch (target.ordinal())");
        for (int leaf = 0; leaf < hierarchy.size(); leaf++) {
            if (hierarchy.isComposite(leaf)) {
                continue;
            }
            for (int state = 0; state < hierarchy.size(); state++) {
                if (hierarchy.defaultLeaf(state) == leaf) {
                    method.addCode("case $L:\n", MachineNames.stateConstant(model.stateNames().get(state)));
                }
            }
            method.addCode("$>").addStatement("state = $T.$L", model.stateType(), model.stateNames().get(leaf));
            List<Integer> chain = new ArrayList<>(hierarchy.selfAndAncestors(leaf));
            java.util.Collections.reverse(chain);
            for (int state : chain) {
                for (int index : model.states().get(state).timeouts()) {
                    method.addCode(hooks.armTimeout(model.timeouts().get(index)));
                }
            }
            method.addStatement("break").addCode("$<");
        }
        method.addCode("default:\n$>").addStatement("throw new $T(target)", AssertionError.class).addCode("$<");
        return method.endControlFlow().build();
    }

    private CodeBlock forgetHistoryAndDeferred() {
        CodeBlock.Builder code = CodeBlock.builder();
        for (int composite = 0; composite < hierarchy.size(); composite++) {
            if (hierarchy.history(composite) != History.NONE) {
                code.addStatement("$L = -1", names.historyField(composite));
            }
        }
        if (defers()) {
            code.addStatement("deferred.clear()").addStatement("reofferPending = false");
        }
        return code.build();
    }

    // ---- transitions -------------------------------------------------------------------------------------------

    /** A row's code in one leaf's dispatch: leave chain, actions, enter chain. */
    CodeBlock transition(RowModel row) {
        PathModel path = row.path().orElseThrow();
        CodeBlock.Builder code = CodeBlock.builder();
        leaveCall(path).ifPresent(code::addStatement);
        row.actions().forEach(action -> code.addStatement("$L", MachineNames.call(action)));
        return code.addStatement("return $L($L)", enterMethodName(path), names.dispatchArguments()).build();
    }

    /**
     * The call that leaves the active states below the domain: a single exit method is called directly, a longer
     * chain through its own method, and a path with nothing to do on the way out costs nothing.
     */
    private Optional<CodeBlock> leaveCall(PathModel path) {
        List<Integer> working = path.exits().stream().filter(s -> model.states().get(s).hasExitWork()).toList();
        if (path.records().isEmpty() && working.isEmpty()) {
            return Optional.empty();
        }
        if (path.records().isEmpty() && working.size() == 1) {
            return Optional.of(CodeBlock.of("$L($L)", names.exitName(model.states().get(working.get(0))),
                    names.dispatchArguments()));
        }
        return Optional.of(CodeBlock.of("$L($L)", names.leaveName(path.exits().get(0), path.domain()),
                names.dispatchArguments()));
    }

    private String enterMethodName(PathModel path) {
        return path.resume().isPresent()
                ? names.resumeName(path.resume().get(), path.domain())
                : names.enterName(path.leaf(), path.domain());
    }

    /** The leave chains that need a method of their own. */
    List<MethodSpec> leaveMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        for (PathModel path : leaves.values()) {
            Optional<CodeBlock> call = leaveCall(path);
            String name = names.leaveName(path.exits().get(0), path.domain());
            if (call.isEmpty() || !call.get().toString().startsWith(name + "(")) {
                continue;
            }
            MethodSpec.Builder method = names.hookSignature(name)
                    .addJavadoc("Leaves $L$L: history first, then exit work from the leaf outwards.\n",
                            String.join(", ", path.exits().stream().map(model.stateNames()::get).toList()),
                            path.domain() < 0 ? "" : " (staying in " + model.stateNames().get(path.domain()) + ")");
            for (PathModel.Record record : path.records()) {
                method.addStatement("$L = $L", names.historyField(record.composite()),
                        MachineNames.stateConstant(model.stateNames().get(record.value())));
            }
            for (int exited : path.exits()) {
                StateModel state = model.states().get(exited);
                if (state.hasExitWork()) {
                    method.addStatement("$L($L)", names.exitName(state), names.dispatchArguments());
                }
            }
            methods.add(method.build());
        }
        return methods;
    }

    /** The enter and resume chains the dispatch calls. */
    List<MethodSpec> enterMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        for (PathModel path : enters.values()) {
            methods.add(path.resume().isPresent() ? resumeMethod(path) : enterMethod(path));
        }
        return methods;
    }

    private MethodSpec enterMethod(PathModel path) {
        MethodSpec.Builder method = enterSignature(enterMethodName(path))
                .addJavadoc("Enters $L$L: the state is set first, then entry work from the outermost state in.\n",
                        String.join(", ", path.entries().stream().map(model.stateNames()::get).toList()),
                        path.domain() < 0 ? "" : " (inside " + model.stateNames().get(path.domain()) + ")");
        method.addCode(enterChain(path.leaf(), path.entries()));
        return method.addCode(markForReoffer()).addStatement("return true").build();
    }

    /**
     * Enters a composite through its history: the remembered child (entered by default from there) or leaf, or the
     * initial child when nothing is remembered yet.
     */
    private MethodSpec resumeMethod(PathModel path) {
        int composite = path.resume().get();
        MethodSpec.Builder method = enterSignature(enterMethodName(path))
                .addJavadoc("Enters $L through its $L history$L.\n", model.stateNames().get(composite),
                        hierarchy.history(composite) == History.DEEP ? "deep" : "shallow",
                        path.domain() < 0 ? "" : " (inside " + model.stateNames().get(path.domain()) + ")");
        method.beginControlFlow("switch ($L)", names.historyField(composite));
        List<Integer> remembered = hierarchy.history(composite) == History.DEEP
                ? hierarchy.leavesWithin(composite)
                : hierarchy.children(composite);
        for (int value : remembered) {
            method.addCode("case $L:\n$>", MachineNames.stateConstant(model.stateNames().get(value)));
            List<Integer> entries = new ArrayList<>(path.entries());
            entries.addAll(pathBelow(composite, value));
            int leaf = defaultEntry(value, entries);
            method.addCode(enterChain(leaf, entries)).addStatement("break").addCode("$<");
        }
        method.addCode("default:\n$>");
        List<Integer> entries = new ArrayList<>(path.entries());
        int leaf = defaultEntry(composite, entries);
        method.addCode(enterChain(leaf, entries)).addStatement("break").addCode("$<");
        method.endControlFlow();
        return method.addCode(markForReoffer()).addStatement("return true").build();
    }

    /** The states from below {@code ancestor} down to {@code state}, outermost first. */
    private List<Integer> pathBelow(int ancestor, int state) {
        List<Integer> path = new ArrayList<>();
        for (int at = state; at != ancestor; at = hierarchy.parent(at)) {
            path.add(0, at);
        }
        return path;
    }

    /** Appends the initial children below {@code state} to {@code entries}; returns the leaf reached. */
    private int defaultEntry(int state, List<Integer> entries) {
        int at = state;
        while (hierarchy.isComposite(at)) {
            at = hierarchy.initials().get(at).get();
            entries.add(at);
        }
        return at;
    }

    private CodeBlock enterChain(int leaf, List<Integer> entries) {
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement("state = $T.$L", model.stateType(), model.stateNames().get(leaf));
        for (int entered : entries) {
            StateModel state = model.states().get(entered);
            if (state.hasEntryWork()) {
                code.addStatement("$L($L)", names.entryName(state), names.dispatchArguments());
            }
        }
        return code.build();
    }

    private CodeBlock markForReoffer() {
        if (!defers()) {
            return CodeBlock.of("");
        }
        return CodeBlock.builder()
                .beginControlFlow("if (!deferred.isEmpty())")
                .add("// A state change: deferred events are offered again before any newer event.\n")
                .addStatement("reofferPending = true")
                .addStatement("followUpNeeded = true")
                .endControlFlow()
                .build();
    }

    private MethodSpec.Builder enterSignature(String name) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(model.eventType(), "event");
        if (names.hasPayload()) {
            method.addParameter(names.payloadType(), "payload");
        }
        return method;
    }

    /** The initial state's entry work, from the outermost state down to the initial leaf. */
    CodeBlock initialEntries() {
        int leaf = hierarchy.defaultLeaf(model.initial());
        List<Integer> chain = new ArrayList<>(hierarchy.selfAndAncestors(leaf));
        java.util.Collections.reverse(chain);
        CodeBlock.Builder code = CodeBlock.builder();
        for (int state : chain) {
            StateModel entered = model.states().get(state);
            if (entered.hasEntryWork()) {
                code.addStatement("$L(null$L)", names.entryName(entered), names.hasPayload() ? ", null" : "");
            }
        }
        return code.build();
    }

    int initialLeaf() {
        return hierarchy.defaultLeaf(model.initial());
    }

    // ---- deferral ----------------------------------------------------------------------------------------------

    /** Stores an event the active configuration defers; the dispatch returns its result (false). */
    MethodSpec defer() {
        MethodSpec.Builder method = names.dispatchSignature(names.deferName)
                .beginControlFlow("if (reoffering)")
                .addComment("Offered again and deferred again: it keeps its place in the ring.")
                .addStatement("deferredNow = true")
                .addStatement("return false")
                .endControlFlow()
                .beginControlFlow("if (deferred.isFull())");
        switch (hierarchy.deferOverflow()) {
            case THROW -> method.addStatement("throw new $T($S + event + $S + state + $S)",
                    IllegalStateException.class, model.machine().simpleName() + ": cannot defer ", " in state ",
                    ": " + hierarchy.deferLimit() + " deferred events already wait (deferLimit)");
            case REJECT -> method.addStatement("return $L(event)", names.unhandledName);
            case DROP_OLDEST -> method
                    .addStatement("$T dropped = EVENTS[deferred.eventAt(0)]", model.eventType())
                    .addStatement("deferred.removeAt(0)")
                    .beginControlFlow("if (listeners != null && !listeners.isEmpty())")
                    .addStatement("listeners.unhandled(state, dropped)")
                    .endControlFlow();
        }
        method.endControlFlow()
                .addStatement("deferred.offer(event.ordinal(), $L)", names.hasPayload() ? "payload" : "null")
                .addStatement("deferredNow = true")
                .beginControlFlow("if (listeners != null && !listeners.isEmpty())")
                .addStatement("listeners.deferred(state, event)")
                .endControlFlow()
                .addStatement("return false");
        return method.build();
    }

    /**
     * Offers deferred events again, oldest first, after a state change. One deferred again keeps its place; one
     * handled or unhandled leaves the ring; a state change caused by one starts the round again from the oldest, so
     * arrival order holds in every configuration.
     */
    MethodSpec reoffer() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.reofferName)
                .addModifiers(Modifier.PRIVATE)
                .addStatement("reofferPending = false")
                .addStatement("reoffering = true")
                .beginControlFlow("try")
                .addStatement("int index = 0")
                .beginControlFlow("while (index < deferred.size())")
                .addStatement("$T next = EVENTS[deferred.eventAt(index)]", model.eventType());
        String dispatch;
        if (names.hasPayload()) {
            method.addStatement("$T nextPayload = ($T) deferred.payloadAt(index)", names.payloadType(),
                    names.payloadType());
            dispatch = names.dispatchName(0) + "(next, nextPayload)";
        } else {
            dispatch = names.dispatchName(0) + "(next)";
        }
        return method.addStatement("deferred.removeAt(index)")
                .addStatement("$T from = state", model.stateType())
                .addStatement("boolean handled = $L", dispatch)
                .beginControlFlow("if (deferredNow)")
                .addStatement("deferredNow = false")
                .addStatement("deferred.insertAt(index, next.ordinal(), $L)",
                        names.hasPayload() ? "nextPayload" : "null")
                .addStatement("index++")
                .addStatement("continue")
                .endControlFlow()
                .addStatement("$L(from, next, handled)", names.tellListenersName)
                .beginControlFlow("if (reofferPending)")
                .addStatement("reofferPending = false")
                .addStatement("index = 0")
                .endControlFlow()
                .endControlFlow()
                .nextControlFlow("finally")
                .addStatement("reoffering = false")
                .endControlFlow()
                .build();
    }

    /** The follow-up loop: deferred events are offered again after every state change, before newer events. */
    MethodSpec drainQueue() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.drainQueueName)
                .addModifiers(Modifier.PRIVATE)
                .beginControlFlow("while (true)")
                .beginControlFlow("if (reofferPending)")
                .addStatement("$L()", names.reofferName)
                .endControlFlow()
                .beginControlFlow("if (queue == null || queue.isEmpty())")
                .addStatement("break")
                .endControlFlow()
                .addStatement("$T next = EVENTS[queue.peekEvent()]", model.eventType());
        String dispatch;
        if (names.hasPayload()) {
            method.addStatement("$T nextPayload = ($T) queue.peekPayload()", names.payloadType(), names.payloadType());
            dispatch = names.dispatchName(0) + "(next, nextPayload)";
        } else {
            dispatch = names.dispatchName(0) + "(next)";
        }
        return method.addStatement("queue.remove()")
                .addStatement("$T from = state", model.stateType())
                .addStatement("$L(from, next, $L)", names.tellListenersName, dispatch)
                .endControlFlow()
                .addStatement("followUpNeeded = listeners != null && !listeners.isEmpty()")
                .build();
    }
}
