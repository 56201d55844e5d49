package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.fsmgen.History;
import io.fsmgen.processor.codegen.FailureWriter.Role;
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
 * every distinct path becomes small methods that the dispatch calls around the row's actions, in the order that keeps
 * a failing spec method from leaving a half-done transition (see {@link FailureWriter}):
 * <ol>
 *   <li>a {@code leave} chain: the exit actions of the exit set, innermost first;
 *   <li>the row's actions;
 *   <li>a {@code finishLeaving} step, once nothing of the exit can fail any more: history recorded, the timeouts of
 *       the states left cancelled;
 *   <li>an {@code enter} chain: the state set to the leaf, the timeouts of the entry set armed outermost first, then
 *       its entry actions outermost first; or a {@code resume} method that picks the entry chain from a composite's
 *       history at run time.
 * </ol>
 * The recorded memories and the sets are those of the W3C SCXML algorithm (exit set, entry set, transition domain);
 * only the moment history is written moves from before the exit actions to after the row's actions, which nothing
 * can observe (a snapshot is refused while an event is processed). Nothing is looked up per event: the chains are
 * straight-line calls, and a chain of one call is made directly.
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
    private final FailureWriter failures;
    /** Leave chains by (leaf, domain), in the order the dispatch first needs them. */
    private final Map<List<Integer>, PathModel> leaves = new LinkedHashMap<>();
    /** Enter and resume chains by (target, domain, resume), likewise. */
    private final Map<List<Integer>, PathModel> enters = new LinkedHashMap<>();

    HierarchyWriter(MachineModel model, MachineNames names, HookWriter hooks, FailureWriter failures) {
        this.model = model;
        this.hierarchy = model.hierarchy().orElseThrow();
        this.names = names;
        this.hooks = hooks;
        this.failures = failures;
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
        fields.add(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), names.parentsField, Modifier.PRIVATE,
                        Modifier.STATIC, Modifier.FINAL)
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
            fields.add(FieldSpec.builder(names.type(DEFERRED_EVENTS), names.deferredField, Modifier.PRIVATE,
                            Modifier.FINAL)
                    .addJavadoc("Deferred events, oldest first, at most $L (deferLimit).\n", hierarchy.deferLimit())
                    .initializer("new $T($L)", names.type(DEFERRED_EVENTS), hierarchy.deferLimit())
                    .build());
            fields.add(FieldSpec.builder(TypeName.BOOLEAN, names.reofferPendingField, Modifier.PRIVATE)
                    .addJavadoc("True when the state changed while events were deferred: they are offered again.\n")
                    .build());
            fields.add(FieldSpec.builder(TypeName.BOOLEAN, names.reofferingField, Modifier.PRIVATE)
                    .addJavadoc("True while deferred events are offered again: deferring one keeps its place.\n")
                    .build());
            fields.add(FieldSpec.builder(TypeName.BOOLEAN, names.deferredNowField, Modifier.PRIVATE)
                    .addJavadoc("Set when the event just dispatched was deferred.\n")
                    .build());
        }
        return fields;
    }

    // ---- public API --------------------------------------------------------------------------------------------

    /** {@code isIn(S)}: the active leaf or any composite above it. */
    MethodSpec isIn() {
        return MethodSpec.methodBuilder("isIn")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(names.stateType(), "candidate")
                .addStatement("int wanted = candidate.ordinal()")
                .beginControlFlow("for (int at = $L; at != -1; at = $L[at])", names.stateOrdinalField,
                        names.parentsField)
                .beginControlFlow("if (at == wanted)")
                .addStatement("return true")
                .endControlFlow()
                .endControlFlow()
                .addStatement("return false")
                .build();
    }

    MethodSpec deferredCount() {
        return MethodSpec.methodBuilder("deferredCount")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT)
                .addStatement(defers() ? CodeBlock.of("return $L.size()", names.deferredField) : CodeBlock.of("return 0"))
                .build();
    }

    /**
     * The start of {@code send}'s body, in a machine that defers: deferred events still due come before the new event.
     * Only a failure that propagated out of an earlier step (no error path declared) leaves them due, after a state
     * change or in the middle of offering them; every other step offers them in its own follow-up.
     */
    CodeBlock offerDueDeferred() {
        if (!defers()) {
            return CodeBlock.of("");
        }
        return CodeBlock.builder()
                .beginControlFlow("if ($L)", names.reofferPendingField)
                .add("// Left due by a failure that propagated from an earlier step: older than this event.\n")
                .addStatement("$L()", names.drainQueueName)
                .addStatement("from = $L", names.stateOrdinalField)
                .endControlFlow()
                .build();
    }

    /** The body of {@code send} after the dispatch: the outcome, computed before the follow-up can change it. */
    CodeBlock outcome() {
        ClassName outcome = names.type(OUTCOME);
        if (!defers()) {
            return CodeBlock.of("$T outcome = handled ? $T.HANDLED : $T.UNHANDLED;\n", outcome, outcome, outcome);
        }
        return CodeBlock.builder()
                .addStatement("$T outcome = handled ? $T.HANDLED : $L ? $T.DEFERRED : $T.UNHANDLED",
                        outcome, outcome, names.deferredNowField, outcome, outcome)
                .addStatement("$L = false", names.deferredNowField)
                .build();
    }

    /**
     * {@code restore(S)}: a composite lands in the leaf its initial children lead to; no entry work runs. With the
     * parts of its switch when there are many leaves (see {@link ChainedSwitch}).
     */
    List<MethodSpec> restore() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("restore")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .addParameter(names.stateType(), "target")
                .beginControlFlow("if (target == null)")
                .addStatement("throw new $T($S)", names.type(NullPointerException.class), "target")
                .endControlFlow()
                .beginControlFlow("if ($L)", names.processingField)
                .addStatement("throw new $T($S)", names.type(IllegalStateException.class),
                        model.machine().simpleName() + ".restore() called while an event is being processed")
                .endControlFlow();
        if (!model.timeouts().isEmpty()) {
            method.addStatement("$L()", names.cancelAllTimeoutsName);
        }
        method.addCode(forgetHistoryAndDeferred());
        List<ChainedSwitch.Case> cases = new ArrayList<>();
        for (int leaf = 0; leaf < hierarchy.size(); leaf++) {
            if (hierarchy.isComposite(leaf)) {
                continue;
            }
            List<CodeBlock> labels = new ArrayList<>();
            for (int state = 0; state < hierarchy.size(); state++) {
                if (hierarchy.defaultLeaf(state) == leaf) {
                    labels.add(CodeBlock.of("$L", names.stateConstant(model.stateNames().get(state))));
                }
            }
            CodeBlock.Builder body = CodeBlock.builder().add(names.assignState(model.stateNames().get(leaf)));
            for (int state : outermostFirst(leaf)) {
                for (int index : model.states().get(state).timeouts()) {
                    body.add(hooks.armTimeout(model.timeouts().get(index)));
                }
            }
            cases.add(new ChainedSwitch.Case(labels, body.build()));
        }
        List<MethodSpec> methods = new ArrayList<>();
        String selector = "target.ordinal()";
        method.addCode(ChainedSwitch.write(selector, cases,
                on -> CodeBlock.of("throw new $T($L);\n", names.type(AssertionError.class),
                        on.equals(selector) ? "target" : on),
                "ordinal", new ChainedSwitch.Parts("restore", part -> names.switchPartName("restore", part),
                        List.of(), ""), methods));
        methods.add(0, method.build());
        return methods;
    }

    private CodeBlock forgetHistoryAndDeferred() {
        CodeBlock.Builder code = CodeBlock.builder();
        for (int composite = 0; composite < hierarchy.size(); composite++) {
            if (hierarchy.history(composite) != History.NONE) {
                code.addStatement("$L = -1", names.historyField(composite));
            }
        }
        if (defers()) {
            code.addStatement("$L.clear()", names.deferredField).addStatement("$L = false", names.reofferPendingField);
        }
        return code.build();
    }

    /** {@code leaf} and the states above it, outermost first. */
    private List<Integer> outermostFirst(int leaf) {
        List<Integer> chain = new ArrayList<>(hierarchy.selfAndAncestors(leaf));
        java.util.Collections.reverse(chain);
        return chain;
    }

    // ---- transitions -------------------------------------------------------------------------------------------

    /** A row's code in one leaf's dispatch: exit actions, the row's actions, history and timeouts, entry chain. */
    CodeBlock transition(RowModel row) {
        PathModel path = row.path().orElseThrow();
        CodeBlock.Builder code = CodeBlock.builder();
        leaveCall(path).ifPresent(code::addStatement);
        row.actions().forEach(action -> code.addStatement("$L", failures.call(Role.ACTION, action)));
        finishLeavingCall(path).ifPresent(code::addStatement);
        return code.addStatement("return $L($L)", enterMethodName(path), names.dispatchArguments()).build();
    }

    /** The exit set's states that have exit actions, innermost first. */
    private List<StateModel> exiting(PathModel path) {
        return path.exits().stream().map(model.states()::get).filter(s -> !s.exitActions().isEmpty()).toList();
    }

    /** The exit set's states that have timeouts, innermost first. */
    private List<StateModel> timed(PathModel path) {
        return path.exits().stream().map(model.states()::get).filter(s -> !s.timeouts().isEmpty()).toList();
    }

    /**
     * The call that runs the exit actions of the states below the domain: a single exit method is called directly, a
     * longer chain through its own method, and a path without exit actions costs nothing.
     */
    private Optional<CodeBlock> leaveCall(PathModel path) {
        List<StateModel> exiting = exiting(path);
        if (exiting.isEmpty()) {
            return Optional.empty();
        }
        String name = exiting.size() == 1
                ? names.exitName(exiting.get(0))
                : names.leaveName(path.exits().get(0), path.domain());
        return Optional.of(CodeBlock.of("$L($L)", name, names.dispatchArguments()));
    }

    /** The call that records history and cancels the timeouts of the states left, once the actions succeeded. */
    private Optional<CodeBlock> finishLeavingCall(PathModel path) {
        List<StateModel> timed = timed(path);
        if (path.records().isEmpty() && timed.isEmpty()) {
            return Optional.empty();
        }
        if (path.records().isEmpty() && timed.size() == 1) {
            return Optional.of(CodeBlock.of("$L()", names.stopTimeoutsName(timed.get(0))));
        }
        return Optional.of(CodeBlock.of("$L()", names.finishLeavingName(path.exits().get(0), path.domain())));
    }

    private String enterMethodName(PathModel path) {
        return path.resume().isPresent()
                ? names.resumeName(path.resume().get(), path.domain())
                : names.enterName(path.leaf(), path.domain());
    }

    /** The leave chains and history steps that need a method of their own. */
    List<MethodSpec> leaveMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        for (PathModel path : leaves.values()) {
            String exits = String.join(", ", path.exits().stream().map(model.stateNames()::get).toList());
            String staying = path.domain() < 0 ? "" : " (staying in " + model.stateNames().get(path.domain()) + ")";
            List<StateModel> exiting = exiting(path);
            if (exiting.size() > 1) {
                MethodSpec.Builder method = names.hookSignature(names.leaveName(path.exits().get(0), path.domain()))
                        .addJavadoc("Runs the exit actions of $L$L, from the leaf outwards.\n", exits, staying);
                exiting.forEach(state -> method.addStatement("$L($L)", names.exitName(state),
                        names.dispatchArguments()));
                methods.add(method.build());
            }
            List<StateModel> timed = timed(path);
            if (!path.records().isEmpty() || timed.size() > 1) {
                MethodSpec.Builder method = MethodSpec.methodBuilder(
                                names.finishLeavingName(path.exits().get(0), path.domain()))
                        .addModifiers(Modifier.PRIVATE)
                        .addJavadoc("Finishes leaving $L$L once the transition's actions succeeded: history"
                                + " recorded, timeouts cancelled.\n", exits, staying);
                for (PathModel.Record record : path.records()) {
                    method.addStatement("$L = $L", names.historyField(record.composite()),
                            names.stateConstant(model.stateNames().get(record.value())));
                }
                timed.forEach(state -> method.addStatement("$L()", names.stopTimeoutsName(state)));
                methods.add(method.build());
            }
        }
        return methods;
    }

    /** The enter and resume chains the dispatch calls. */
    List<MethodSpec> enterMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        for (PathModel path : enters.values()) {
            if (path.resume().isPresent()) {
                methods.addAll(resumeMethod(path));
            } else {
                methods.add(enterMethod(path));
            }
        }
        return methods;
    }

    private MethodSpec enterMethod(PathModel path) {
        MethodSpec.Builder method = names.dispatchSignature(enterMethodName(path))
                .addJavadoc("Enters $L$L: the state is set, then every timeout armed, then the entry actions, from the"
                                + " outermost state in.\n",
                        String.join(", ", path.entries().stream().map(model.stateNames()::get).toList()),
                        path.domain() < 0 ? "" : " (inside " + model.stateNames().get(path.domain()) + ")");
        method.addCode(markForReoffer()).addCode(enterChain(path.leaf(), path.entries(), names.dispatchArguments()));
        return method.addStatement("return true").build();
    }

    /**
     * Enters a composite through its history: the remembered child (entered by default from there) or leaf, or the
     * initial child when nothing is remembered yet.
     */
    private List<MethodSpec> resumeMethod(PathModel path) {
        int composite = path.resume().get();
        MethodSpec.Builder method = names.dispatchSignature(enterMethodName(path))
                .addJavadoc("Enters $L through its $L history$L.\n", model.stateNames().get(composite),
                        hierarchy.history(composite) == History.DEEP ? "deep" : "shallow",
                        path.domain() < 0 ? "" : " (inside " + model.stateNames().get(path.domain()) + ")");
        List<Integer> remembered = hierarchy.history(composite) == History.DEEP
                ? hierarchy.leavesWithin(composite)
                : hierarchy.children(composite);
        List<ChainedSwitch.Case> cases = new ArrayList<>();
        for (int value : remembered) {
            List<Integer> entries = new ArrayList<>(path.entries());
            entries.addAll(pathBelow(composite, value));
            int leaf = defaultEntry(value, entries);
            CodeBlock label = CodeBlock.of("$L", names.stateConstant(model.stateNames().get(value)));
            cases.add(new ChainedSwitch.Case(List.of(label), enterChain(leaf, entries, names.dispatchArguments())));
        }
        List<Integer> entries = new ArrayList<>(path.entries());
        int leaf = defaultEntry(composite, entries);
        CodeBlock initial = CodeBlock.builder().add(enterChain(leaf, entries, names.dispatchArguments()))
                .addStatement("break").build();
        String name = enterMethodName(path);
        List<MethodSpec> methods = new ArrayList<>();
        method.addCode(markForReoffer()).addCode(ChainedSwitch.write(names.historyField(composite), cases,
                selector -> initial, "ordinal", new ChainedSwitch.Parts(name,
                        part -> names.switchPartName(name, part), names.dispatchParameters(),
                        names.dispatchArguments()), methods));
        methods.add(0, method.addStatement("return true").build());
        return methods;
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

    /**
     * The state set to {@code leaf}, then the timeouts of every entered state armed, then their entry actions, each
     * outermost first: an entry action that throws leaves the machine in {@code leaf} with every timeout of its
     * configuration running, and the later entry actions skipped.
     */
    private CodeBlock enterChain(int leaf, List<Integer> entries, String arguments) {
        return CodeBlock.builder()
                .add(names.assignState(model.stateNames().get(leaf)))
                .add(entryWork(entries, arguments))
                .build();
    }

    /** The entry work of {@code entries}, outermost first: every timeout armed, then every entry action. */
    private CodeBlock entryWork(List<Integer> entries, String arguments) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (int entered : entries) {
            StateModel state = model.states().get(entered);
            if (!state.timeouts().isEmpty()) {
                code.addStatement("$L()", names.armTimeoutsName(state));
            }
        }
        for (int entered : entries) {
            StateModel state = model.states().get(entered);
            if (!state.entryActions().isEmpty()) {
                code.addStatement("$L($L)", names.entryName(state), arguments);
            }
        }
        return code.build();
    }

    /**
     * Marks deferred events for offering again. Written before the entry work, not after it: the state changes with
     * the first statement of an entry, so an entry action (or a duration method) that throws still leaves the
     * deferred events due, and they are offered again by the error path, or before the next event the machine
     * processes when the failure propagated.
     */
    private CodeBlock markForReoffer() {
        if (!defers()) {
            return CodeBlock.of("");
        }
        return CodeBlock.builder()
                .beginControlFlow("if (!$L.isEmpty())", names.deferredField)
                .add("// A state change: deferred events are offered again before any newer event.\n")
                .addStatement("$L = true", names.reofferPendingField)
                .addStatement("$L = true", names.followUpField)
                .endControlFlow()
                .build();
    }

    /** The initial state's entry work, from the outermost state down to the initial leaf. */
    CodeBlock initialEntries() {
        return entryWork(outermostFirst(initialLeaf()), names.hasPayload() ? "null, null" : "null");
    }

    int initialLeaf() {
        return hierarchy.defaultLeaf(model.initial());
    }

    /**
     * The error path's entry into {@code errorState}: from the root, as if every active state had been left (their
     * history recorded, but no exit action run: the failure may have been one), the error state's ancestors, the
     * error state itself and its initial children down to a leaf, timeouts armed first, then entry actions.
     */
    CodeBlock enterErrorState(int errorState, String arguments) {
        int leaf = hierarchy.defaultLeaf(errorState);
        CodeBlock.Builder code = CodeBlock.builder();
        if (remembers()) {
            code.addStatement("$L()", names.recordHistoryName);
        }
        return code.add(markForReoffer()).add(enterChain(leaf, outermostFirst(leaf), arguments)).build();
    }

    /** Whether entering {@code state} from the root runs a spec method (an entry action or a timeout's duration). */
    boolean entryWorks(int state) {
        return outermostFirst(hierarchy.defaultLeaf(state)).stream()
                .anyMatch(s -> model.states().get(s).hasEntryWork());
    }

    /** Whether some composite has history. */
    boolean remembers() {
        return hierarchy.histories().stream().anyMatch(history -> history != History.NONE);
    }

    /**
     * Records the memory of every remembering composite around the active leaf, as leaving it would: the error path
     * abandons the configuration this way.
     */
    MethodSpec recordHistory() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.recordHistoryName)
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Records the history of every composite around the active leaf, as leaving them would.\n")
                .addStatement("int leaf = $L", names.stateOrdinalField)
                .addStatement("int child = leaf")
                .beginControlFlow("for (int at = $L[leaf]; at != -1; child = at, at = $L[at])", names.parentsField,
                        names.parentsField)
                .beginControlFlow("switch (at)");
        for (int composite = 0; composite < hierarchy.size(); composite++) {
            if (hierarchy.history(composite) == History.NONE) {
                continue;
            }
            method.addCode("case $L:\n$>", names.stateConstant(model.stateNames().get(composite)))
                    .addStatement("$L = $L", names.historyField(composite),
                            hierarchy.history(composite) == History.DEEP ? "leaf" : "child")
                    .addStatement("break")
                    .addCode("$<");
        }
        return method.addCode("default:\n$>").addStatement("break").addCode("$<")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    // ---- deferral ----------------------------------------------------------------------------------------------

    /** Stores an event the active configuration defers; the dispatch returns its result (false). */
    MethodSpec defer() {
        MethodSpec.Builder method = names.dispatchSignature(names.deferName)
                .beginControlFlow("if ($L)", names.reofferingField)
                .addComment("Offered again and deferred again: it keeps its place in the ring.")
                .addStatement("$L = true", names.deferredNowField)
                .addStatement("return false")
                .endControlFlow()
                .beginControlFlow("if ($L.isFull())", names.deferredField);
        switch (hierarchy.deferOverflow()) {
            case THROW -> method.addStatement("throw new $T($S + event + $S + $L + $S)",
                    names.type(IllegalStateException.class), model.machine().simpleName() + ": cannot defer ",
                    " in state ", names.currentState(),
                    ": " + hierarchy.deferLimit() + " deferred events already wait (deferLimit)");
            case REJECT -> method.addStatement("return $L(event)", names.unhandledName);
            case DROP_OLDEST -> method
                    .addStatement("$T dropped = $L[$L.eventAt(0)]", names.eventType(), names.eventsField,
                            names.deferredField)
                    .addStatement("$L.removeAt(0)", names.deferredField)
                    .beginControlFlow("if ($L)", names.anyListener())
                    .addStatement("$L.unhandled($L, dropped)", names.listenersField, names.currentState())
                    .endControlFlow();
        }
        method.endControlFlow()
                .addStatement("$L.offer(event.ordinal(), $L)", names.deferredField,
                        names.hasPayload() ? "payload" : "null")
                .addStatement("$L = true", names.deferredNowField)
                .beginControlFlow("if ($L)", names.anyListener())
                .addStatement("$L.deferred($L, event)", names.listenersField, names.currentState())
                .endControlFlow()
                .addStatement("return false");
        return method.build();
    }

    /**
     * Offers deferred events again, oldest first, after a state change. One deferred again keeps its place; one
     * handled or unhandled leaves the ring; a state change caused by one starts the round again from the oldest, so
     * arrival order holds in every configuration. One whose transition fails leaves the ring too: the failure is what
     * became of it. The others keep their places and are offered again from the oldest: by the error path, after
     * the events it fired, or, when the failure propagates (an {@code Error}, a listener's exception), before the
     * next event the machine processes.
     */
    MethodSpec reoffer() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.reofferName)
                .addModifiers(Modifier.PRIVATE)
                .addStatement("$L = false", names.reofferPendingField)
                .addStatement("$L = true", names.reofferingField)
                .addStatement("boolean roundOver = false")
                .beginControlFlow("try")
                .addStatement("int index = 0")
                .beginControlFlow("while (index < $L.size())", names.deferredField);
        String arguments = hooks.takeNext(method, names.deferredField + ".eventAt(index)",
                names.deferredField + ".payloadAt(index)", names.deferredField + ".removeAt(index)");
        hooks.tryDispatchOfTaken(method, names.queueField + " == null ? 0 : " + names.queueField + ".size()",
                arguments);
        return method.addComment("New events the error path fires must be deferred normally, not kept in place.")
                .addStatement("$L = false", names.reofferingField)
                .addComment("The rest were not offered in this configuration yet: the error path offers them, or,"
                        + " if the failure propagates, the next event does first.")
                .addStatement("$L = !$L.isEmpty()", names.reofferPendingField, names.deferredField)
                .addStatement("roundOver = true")
                .addStatement("$L(from, $L, queuedBefore, failure)", names.recoverName, arguments)
                .addStatement("return")
                .endControlFlow()
                .beginControlFlow("if ($L)", names.deferredNowField)
                .addStatement("$L = false", names.deferredNowField)
                .addStatement("$L.insertAt(index, next.ordinal(), $L)", names.deferredField,
                        names.hasPayload() ? "nextPayload" : "null")
                .addStatement("index++")
                .addStatement("continue")
                .endControlFlow()
                .addStatement("$L(from, next, handled)", names.tellListenersName)
                .beginControlFlow("if ($L)", names.reofferPendingField)
                .addStatement("$L = false", names.reofferPendingField)
                .addStatement("index = 0")
                .endControlFlow()
                .endControlFlow()
                .addStatement("roundOver = true")
                .nextControlFlow("finally")
                .addStatement("$L = false", names.reofferingField)
                .beginControlFlow("if (!roundOver && !$L.isEmpty())", names.deferredField)
                .addComment("An Error or a listener's exception cut the round short: the rest are still due.")
                .addStatement("$L = true", names.reofferPendingField)
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
