package io.fsmgen.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
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
 * @param errorState the state entered after a spec method threw; absent when none is declared
 * @param errorHandlers the {@code @OnError} methods, in order
 * @param typeNamesToQualify simple names that generated code must never use unqualified: member types the machine
 *     inherits, fields it inherits and its own locals (which obscure a type in an expression), and same-package
 *     types named like {@code java.lang} ones
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
        Optional<Integer> errorState,
        List<CallModel> errorHandlers,
        java.util.Set<String> typeNamesToQualify) {

    public MachineModel {
        stateNames = List.copyOf(stateNames);
        eventNames = List.copyOf(eventNames);
        states = List.copyOf(states);
        timeouts = List.copyOf(timeouts);
        constructors = List.copyOf(constructors);
        specMethodNames = java.util.Set.copyOf(specMethodNames);
        errorHandlers = List.copyOf(errorHandlers);
        typeNamesToQualify = java.util.Set.copyOf(typeNamesToQualify);
    }

    /**
     * Names of the fields, parameters and locals the generated class declares for itself: a type named like one of
     * them must be written qualified there.
     */
    public static final java.util.Set<String> GENERATED_VARIABLES = java.util.Set.of("event", "payload", "from",
            "handled", "failure", "next", "nextPayload", "target", "listener", "cause", "phase", "method", "state",
            "processing", "followUpNeeded", "queue", "listeners", "EVENTS", "failedPhase", "failedMethod");

    public String qualifiedName() {
        return machine.canonicalName();
    }
}
