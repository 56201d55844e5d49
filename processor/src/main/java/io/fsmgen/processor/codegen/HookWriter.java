package io.fsmgen.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.fsmgen.Unhandled;
import io.fsmgen.processor.codegen.FailureWriter.Role;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.StateModel;
import io.fsmgen.processor.model.TimeoutModel;
import javax.lang.model.element.Modifier;

/**
 * Writes what happens around transitions: entry and exit actions, arming and cancelling timeouts, the
 * run-to-completion queue and the unhandled-event policy.
 */
final class HookWriter {

    private final MachineModel model;
    private final MachineNames names;
    private final FailureWriter failures;

    HookWriter(MachineModel model, MachineNames names, FailureWriter failures) {
        this.model = model;
        this.names = names;
        this.failures = failures;
    }

    /** The exit actions of {@code state}, in order. Its timeouts are stopped separately, after the actions. */
    MethodSpec exitMethod(StateModel state) {
        MethodSpec.Builder method = names.hookSignature(names.exitName(state));
        state.exitActions().forEach(action -> method.addStatement("$L", failures.call(Role.EXIT, action)));
        return method.build();
    }

    /** Cancels the timeouts of {@code state}: the last step of leaving it, once the transition cannot fail. */
    MethodSpec stopTimeoutsMethod(StateModel state) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.stopTimeoutsName(state))
                .addModifiers(Modifier.PRIVATE);
        for (int index : state.timeouts()) {
            method.addCode(cancelTimeout(model.timeouts().get(index)));
        }
        return method.build();
    }

    /** Arms the timeouts of {@code state}, then runs its entry actions: a failing entry action leaves them armed. */
    MethodSpec entryMethod(StateModel state) {
        MethodSpec.Builder method = names.hookSignature(names.entryName(state));
        for (int index : state.timeouts()) {
            TimeoutModel timeout = model.timeouts().get(index);
            method.addCode(failures.guarded(CodeBlock.builder().addStatement(armTimeout(timeout)).build(),
                    Role.ENTRY, timeout.method()));
        }
        state.entryActions().forEach(action -> method.addStatement("$L", failures.call(Role.ENTRY, action)));
        return method.build();
    }

    CodeBlock armTimeout(TimeoutModel timeout) {
        String scheduler = model.schedulerMethod().equals("yield") ? "this.yield" : model.schedulerMethod();
        return CodeBlock.of("$L = $L().schedule($L, $L)", names.timerField(timeout), scheduler,
                failures.invocation(new CallModel(timeout.method(), CallModel.Argument.NONE, timeout.isStatic())),
                names.taskField(timeout));
    }

    CodeBlock cancelTimeout(TimeoutModel timeout) {
        String timer = names.timerField(timeout);
        return CodeBlock.builder()
                .beginControlFlow("if ($L != null)", timer)
                .addStatement("$L.cancel()", timer)
                .addStatement("$L = null", timer)
                .endControlFlow()
                .build();
    }

    MethodSpec timeoutExpired(TimeoutModel timeout) {
        String timer = names.timerField(timeout);
        return MethodSpec.methodBuilder(names.expiredMethod(timeout))
                .addModifiers(Modifier.PRIVATE)
                .beginControlFlow("if ($L == null)", timer)
                .addComment("Cancelled after the scheduler had already picked the task: the state was left.")
                .addStatement("return")
                .endControlFlow()
                .addStatement("$L = null", timer)
                .addStatement("fire($L[$L])", names.eventsField,
                        names.eventConstant(model.eventNames().get(timeout.event())))
                .build();
    }

    MethodSpec cancelAllTimeouts() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.cancelAllTimeoutsName).addModifiers(Modifier.PRIVATE);
        model.timeouts().forEach(timeout -> method.addCode(cancelTimeout(timeout)));
        return method.build();
    }

    MethodSpec enterInitialState() {
        StateModel initial = model.states().get(model.initial());
        String nulls = names.hasPayload() ? "null, null" : "null";
        return MethodSpec.methodBuilder(names.enterInitialStateName)
                .addJavadoc("Runs the initial state's entry actions and arms its timeouts; event and payload are"
                        + " null.\n")
                .addModifiers(Modifier.PRIVATE)
                .addStatement("$T from = $L", names.stateType(), names.stateField)
                .addCode(runToCompletion(
                        CodeBlock.of("$L($L);\n", names.entryName(initial), nulls),
                        CodeBlock.of("$L();\n", names.drainQueueName),
                        false,
                        "null", "null"))
                .build();
    }

    /**
     * The frame every processing step runs in: the flag that queues nested events; after the step, when
     * {@code followUpNeeded} says so, the follow-up (listeners told, queued events run); and on failure the declared
     * error path, or the queue cleared so that events fired by a failed transition never run. The catch costs nothing
     * on the normal path, unlike clearing in {@code finally}. One flag for both kinds of follow-up keeps an event that
     * has neither down to one check after its transition: measured, this brought the TCP machine to within a few
     * percent of its hand-written twin over whole connection lives.
     *
     * @param followUp the statement to run when a follow-up is needed
     * @param returnsHandled whether the step returns the local {@code handled}
     */
    CodeBlock runToCompletion(CodeBlock body, CodeBlock followUp, boolean returnsHandled, String event,
            String payload) {
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement("$L = true", names.processingField)
                .beginControlFlow("try")
                .add(body)
                .beginControlFlow("if ($L)", names.followUpField)
                .add(followUp)
                .endControlFlow();
        if (returnsHandled) {
            code.addStatement("return handled");
        }
        return code.nextControlFlow("catch ($T failure)", names.type(Throwable.class))
                .add(failures.catchFailure("from", event, payload, returnsHandled))
                .nextControlFlow("finally")
                .addStatement("$L = false", names.processingField)
                .endControlFlow()
                .build();
    }

    /** Tells listeners about the transition that just finished, if the event was handled. */
    MethodSpec tellListeners() {
        return MethodSpec.methodBuilder(names.tellListenersName)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(names.stateType(), "from")
                .addParameter(names.eventType(), "event")
                .addParameter(TypeName.BOOLEAN, "handled")
                .beginControlFlow("if (handled && !$L.isEmpty())", names.listenersField)
                .addStatement("$L.transitioned(from, event, $L)", names.listenersField, names.stateField)
                .endControlFlow()
                .build();
    }

    /**
     * Runs queued events in order, telling listeners about each transition; then no follow-up is pending. A queued
     * event whose transition fails takes the error path like any other, and the rest of the queue dies with it.
     */
    MethodSpec drainQueue() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.drainQueueName)
                .addModifiers(Modifier.PRIVATE)
                .beginControlFlow("while (!$L.isEmpty())", names.queueField)
                .addStatement("$T next = $L[$L.peekEvent()]", names.eventType(), names.eventsField, names.queueField);
        String arguments;
        if (names.hasPayload()) {
            // A checked cast: payload types are classes, or generic classes with wildcards, never raw or unchecked.
            method.addStatement("$T nextPayload = ($T) $L.peekPayload()", names.payloadType(), names.payloadType(),
                    names.queueField);
            arguments = "next, nextPayload";
        } else {
            arguments = "next";
        }
        return method.addStatement("$L.remove()", names.queueField)
                .addStatement("$T from = $L", names.stateType(), names.stateField)
                .addStatement("boolean handled")
                .beginControlFlow("try")
                .addStatement("handled = $L($L)", names.dispatchName(0), arguments)
                .nextControlFlow("catch ($T failure)", names.type(Throwable.class))
                .beginControlFlow("if ($L == null || failure instanceof $T)", names.failedPhaseField, names.type(Error.class))
                .addStatement("$L = null", names.failedPhaseField)
                .addStatement("throw failure")
                .endControlFlow()
                .addStatement("$L(from, $L, failure)", names.recoverName, arguments)
                .addStatement("continue") // recover ran what the error path queued; the rest died with the failure
                .endControlFlow()
                .addStatement("$L(from, next, handled)", names.tellListenersName)
                .endControlFlow()
                .addStatement("$L = !$L.isEmpty()", names.followUpField, names.listenersField)
                .build();
    }

    MethodSpec unhandled() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.unhandledName)
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(names.eventType(), "event")
                .beginControlFlow("if (!$L.isEmpty())", names.listenersField)
                .addStatement("$L.unhandled($L, event)", names.listenersField, names.stateField)
                .endControlFlow();
        if (model.unhandled() == Unhandled.THROW) {
            method.addStatement("throw new $T($S + event + $S + $L)", names.type(IllegalStateException.class),
                    model.machine().simpleName() + ": no transition for event ", " in state ", names.stateField);
        } else {
            method.addStatement("return false");
        }
        return method.build();
    }
}
