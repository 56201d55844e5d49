package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.StateModel;
import io.fsmgen.processor.model.TimeoutModel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The names of everything the generated class declares for itself, in one place, so that the writers of dispatch,
 * hooks and API agree on them, and unique by construction: every member name is allocated here, once, from the name
 * a reader would expect, and a name that is already taken (by another generated member, or by any method of the spec
 * and its supertypes, which a private helper would clash with or hide) gets trailing underscores until it is free.
 * Two states whose derived names fold together ({@code A_B} and {@code AB}, {@code open} and {@code OPEN}) thus
 * still get methods of their own, and so do the parts of a chained switch.
 */
final class MachineNames {

    private final MachineModel model;
    private final Qualifier types;
    private final List<String> stateSuffixes;
    private final boolean hasPayload;
    private final TypeName payloadType;
    private final Set<String> methods = new HashSet<>();
    private final Set<String> fields = new HashSet<>();
    private final Map<String, String> allocated = new HashMap<>();
    final String stateField;
    final String processingField;
    final String followUpField;
    final String queueField;
    final String listenersField;
    final String eventsField;
    final String failedPhaseField;
    final String failedMethodField;
    final String unhandledName;
    final String drainQueueName;
    final String cancelAllTimeoutsName;
    final String enterInitialStateName;
    final String tellListenersName;
    final String recoverName;
    final String forgetFailureName;

    MachineNames(MachineModel model) {
        this.model = model;
        this.types = new Qualifier(model.typeNamesToQualify());
        this.stateSuffixes = Identifiers.camel(model.stateNames());
        this.hasPayload = model.payload().isPresent();
        this.payloadType = types.type(model.payload().orElse(ClassName.OBJECT));
        methods.addAll(model.specMethodNames());
        methods.addAll(List.of("state", "fire", "restore", "addListener", "removeListener"));
        stateField = field("state", "state");
        processingField = field("processing", "processing");
        followUpField = field("followUpNeeded", "followUpNeeded");
        queueField = field("queue", "queue");
        listenersField = field("listeners", "listeners");
        eventsField = field("EVENTS", "EVENTS");
        failedPhaseField = field("failedPhase", "failedPhase");
        failedMethodField = field("failedMethod", "failedMethod");
        model.stateNames().forEach(name -> field("state " + name, "S_" + name));
        model.eventNames().forEach(name -> field("event " + name, "E_" + name));
        for (TimeoutModel timeout : model.timeouts()) {
            field("timer " + timeout.method(), timeout.method() + "Timer");
            field("task " + timeout.method(), timeout.method() + "Task");
        }
        unhandledName = method("unhandled", "unhandled");
        drainQueueName = method("drainQueue", "drainQueue");
        cancelAllTimeoutsName = method("cancelAllTimeouts", "cancelAllTimeouts");
        enterInitialStateName = method("enterInitialState", "enterInitialState");
        tellListenersName = method("tellListeners", "tellListeners");
        recoverName = method("recover", "recover");
        forgetFailureName = method("forgetFailure", "forgetFailure");
    }

    /** The member named {@code wanted}, or the first free variant of it; the same {@code key} always gets one name. */
    private String allocate(Set<String> taken, String key, String wanted) {
        return allocated.computeIfAbsent(key, unused -> {
            String name = wanted;
            while (!taken.add(name)) {
                name = name + "_";
            }
            return name;
        });
    }

    private String field(String key, String wanted) {
        return allocate(fields, "field " + key, wanted);
    }

    private String method(String key, String wanted) {
        return allocate(methods, "method " + key, wanted);
    }

    /** How generated code writes {@code type}: see {@link Qualifier}. */
    ClassName type(Class<?> type) {
        return types.type(type);
    }

    ClassName type(ClassName type) {
        return types.type(type);
    }

    TypeName type(TypeName type) {
        return types.type(type);
    }

    ClassName stateType() {
        return types.type(model.stateType());
    }

    ClassName eventType() {
        return types.type(model.eventType());
    }

    ClassName specType() {
        return types.type(model.spec());
    }

    ClassName machineType() {
        return types.type(model.machine());
    }

    boolean hasPayload() {
        return hasPayload;
    }

    TypeName payloadType() {
        return payloadType;
    }

    String stateConstant(String name) {
        return field("state " + name, "S_" + name);
    }

    String eventConstant(String name) {
        return field("event " + name, "E_" + name);
    }

    String timerField(TimeoutModel timeout) {
        return field("timer " + timeout.method(), timeout.method() + "Timer");
    }

    String taskField(TimeoutModel timeout) {
        return field("task " + timeout.method(), timeout.method() + "Task");
    }

    String expiredMethod(TimeoutModel timeout) {
        return method("expired " + timeout.method(), "on" + Identifiers.capitalize(timeout.method()) + "Expired");
    }

    String dispatchArguments() {
        return hasPayload ? "event, payload" : "event";
    }

    MethodSpec.Builder dispatchSignature(String name) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(eventType(), "event");
        if (hasPayload) {
            method.addParameter(payloadType, "payload");
        }
        return method;
    }

    String stateMethod(StateModel state, int part) {
        String base = "dispatchIn" + stateSuffixes.get(state.ordinal());
        return method("dispatch " + state.ordinal() + " " + part, part == 0 ? base : base + "Part" + (part + 1));
    }

    String dispatchName(int part) {
        return method("dispatch part " + part, part == 0 ? "dispatch" : "dispatchPart" + (part + 1));
    }

    /** Runs the exit actions of {@code state}. */
    String exitName(StateModel state) {
        return method("exit " + state.ordinal(), "runExitOf" + stateSuffixes.get(state.ordinal()));
    }

    /** Cancels the timeouts of {@code state}, once a transition out of it has done its actions. */
    String stopTimeoutsName(StateModel state) {
        return method("stop " + state.ordinal(), "stopTimeoutsOf" + stateSuffixes.get(state.ordinal()));
    }

    /** The method that finishes every transition into {@code state}. */
    String enterName(StateModel state) {
        return method("enter " + state.ordinal(), "enter" + stateSuffixes.get(state.ordinal()));
    }

    String entryName(StateModel state) {
        return method("entry " + state.ordinal(), "runEntryOf" + stateSuffixes.get(state.ordinal()));
    }

    /**
     * The small method through which generated code calls a spec method: it records which method failed, on the
     * failure path only (see {@link FailureWriter}).
     */
    String callName(String role, CallModel call) {
        return method("call " + role + " " + call.method() + " " + call.argument(),
                role + Identifiers.capitalize(call.method()));
    }

    /** The arguments generated code passes to {@code call}'s wrapper (and to the spec method). */
    static String arguments(CallModel call) {
        return switch (call.argument()) {
            case NONE -> "";
            case EVENT -> "event";
            case PAYLOAD -> "payload";
            case FAILURE -> "failure";
        };
    }

    MethodSpec.Builder hookSignature(String name) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(eventType(), "event");
        if (hasPayload) {
            method.addParameter(payloadType, "payload");
        }
        return method;
    }
}
