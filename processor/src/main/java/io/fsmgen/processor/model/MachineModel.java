package io.fsmgen.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.fsmgen.Diagrams;
import io.fsmgen.Dispatch;
import io.fsmgen.Unhandled;
import java.util.List;
import java.util.Optional;

/**
 * Everything needed to write one machine, and nothing tied to a compilation round: names and values only, no
 * {@code Element} or {@code TypeMirror}, so it can be compared, logged and tested as a value.
 *
 * @param payload the payload type; absent when the machine takes none
 * @param schedulerMethod the spec method that returns the Scheduler; only used when there are timeouts
 * @param specMethodNames names of the spec's methods, which the generated class's private helpers must not reuse
 * @param specFieldNames names of the spec's fields the machine inherits, which its own fields must not hide (code
 *     that holds the machine reads them through it)
 * @param snapshot what {@code encode}, {@code decode}, {@code snapshot()} and {@code restore(Snapshot)} capture
 * @param hierarchy composites and deferrals; empty for a flat machine. In a hierarchical machine the cells of each
 *     leaf hold its resolved rows (its own, its ancestors', then {@code "*"}), each with its precomputed path, and
 *     composites have no cells: they are never the active state
 * @param errorState the state entered after a spec method threw; absent when none is declared
 * @param errorHandlers the {@code @OnError} methods, in order
 * @param typeNamesToQualify simple names that generated code must never use unqualified: member types the machine
 *     inherits, fields it inherits and its own locals (which obscure a type in an expression), and same-package
 *     types named like {@code java.lang} ones
 * @param obscuringNames names that obscure a package of the same name inside the generated class (its fields and
 *     locals, the member types it inherits, the types of its package), each with what it means there: a type written
 *     qualified must not start with one
 * @param dispatch the dispatch shape the spec asks for ({@link DispatchPlan} decides what AUTO means)
 * @param diagrams which diagrams the spec asks for
 */
public record MachineModel(
        ClassName spec,
        ClassName machine,
        ClassName stateType,
        ClassName eventType,
        Optional<TypeName> payload,
        List<String> stateNames,
        List<String> eventNames,
        int initial,
        Unhandled unhandled,
        List<StateModel> states,
        List<TimeoutModel> timeouts,
        List<ConstructorModel> constructors,
        String schedulerMethod,
        java.util.Set<String> specMethodNames,
        java.util.Set<String> specFieldNames,
        SnapshotModel snapshot,
        Optional<HierarchyModel> hierarchy,
        Optional<Integer> errorState,
        List<CallModel> errorHandlers,
        java.util.Set<String> typeNamesToQualify,
        java.util.Map<String, String> obscuringNames,
        Dispatch dispatch,
        Diagrams diagrams) {

    public MachineModel {
        stateNames = List.copyOf(stateNames);
        eventNames = List.copyOf(eventNames);
        states = List.copyOf(states);
        timeouts = List.copyOf(timeouts);
        constructors = List.copyOf(constructors);
        specMethodNames = java.util.Set.copyOf(specMethodNames);
        specFieldNames = java.util.Set.copyOf(specFieldNames);
        errorHandlers = List.copyOf(errorHandlers);
        typeNamesToQualify = java.util.Set.copyOf(typeNamesToQualify);
        obscuringNames = java.util.Map.copyOf(obscuringNames);
    }

    public boolean isHierarchical() {
        return hierarchy.isPresent();
    }

    /**
     * Names of the fields, parameters and locals the generated class declares for itself with fixed names: a type
     * named like one of them must be written qualified there. (The names it derives from the spec's own names, such
     * as {@code S_OPEN} or {@code historyOfOn}, are added by the code generator, which allocates them.)
     */
    public static final java.util.Set<String> GENERATED_VARIABLES = java.util.Set.of("event", "payload", "from",
            "handled", "failure", "next", "nextPayload", "target", "listener", "cause", "phase", "method", "state",
            "processing", "followUpNeeded", "queue", "listeners", "EVENTS", "thrown", "entryFailure",
            // hierarchy and deferral
            "PARENTS", "candidate", "wanted", "at", "leaf", "child", "index", "dropped", "outcome", "deferred",
            "reofferPending", "reoffering", "deferredNow",
            // snapshot
            "SNAPSHOT_MACHINE", "SNAPSHOT_LAYOUT", "STATE_VALUES", "decodedDeferred", "out", "in", "whole", "bits",
            "snapshot", "ordinal", "stateOrdinal", "deferredCount", "deferredDue", "queuedBefore", "releasedDeferred",
            "roundOver", "i",
            // cell table
            "cell");

    /**
     * Whether a cell table's codes (a state's ordinal, or the number of a cell body after the states) fit the
     * {@code char}s it is written in: at most one body per cell, so states x events + states codes at most.
     */
    public static boolean cellCodesFitAChar(int states, int events) {
        return (long) states * events + states <= Character.MAX_VALUE;
    }

    public String qualifiedName() {
        return machine.canonicalName();
    }
}
