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
 * @param snapshot what {@code encode}, {@code decode}, {@code snapshot()} and {@code restore(Snapshot)} capture
 * @param hierarchy composites and deferrals; empty for a flat machine. In a hierarchical machine the cells of each
 *     leaf hold its resolved rows (its own, its ancestors', then {@code "*"}), each with its precomputed path, and
 *     composites have no cells: they are never the active state
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
        SnapshotModel snapshot,
        Optional<HierarchyModel> hierarchy,
        Dispatch dispatch,
        Diagrams diagrams) {

    public MachineModel {
        stateNames = List.copyOf(stateNames);
        eventNames = List.copyOf(eventNames);
        states = List.copyOf(states);
        timeouts = List.copyOf(timeouts);
        constructors = List.copyOf(constructors);
        specMethodNames = java.util.Set.copyOf(specMethodNames);
    }

    /** A flat machine's model. */
    public MachineModel(
            ClassName spec, ClassName machine, ClassName stateType, ClassName eventType, Optional<TypeName> payload,
            List<String> stateNames, List<String> eventNames, int initial, Unhandled unhandled,
            List<StateModel> states, List<TimeoutModel> timeouts, List<ConstructorModel> constructors,
            String schedulerMethod, java.util.Set<String> specMethodNames, SnapshotModel snapshot) {
        this(spec, machine, stateType, eventType, payload, stateNames, eventNames, initial, unhandled, states,
                timeouts, constructors, schedulerMethod, specMethodNames, snapshot, Optional.empty(), Dispatch.AUTO,
                Diagrams.AUTO);
    }

    public boolean isHierarchical() {
        return hierarchy.isPresent();
    }

    public String qualifiedName() {
        return machine.canonicalName();
    }
}
