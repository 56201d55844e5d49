package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ClassName;
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

    /**
     * The entry work of {@code state}. In a flat machine: its timeouts armed, then its entry actions, so that a failing
     * entry action leaves them armed. In a hierarchical machine, the entry actions only: the entry chain arms the
     * timeouts of every state it enters before it runs any entry action (see {@link #armTimeoutsMethod}).
     */
    MethodSpec entryMethod(StateModel state) {
        MethodSpec.Builder method = names.hookSignature(names.entryName(state));
        if (!model.isHierarchical()) {
            method.addCode(armTimeouts(state));
        }
        state.entryActions().forEach(action -> method.addStatement("$L", failures.call(Role.ENTRY, action)));
        return method.build();
    }

    /** Whether {@link #entryMethod} has anything to do for {@code state}. */
    boolean hasEntryMethod(StateModel state) {
        return model.isHierarchical() ? !state.entryActions().isEmpty() : state.hasEntryWork();
    }

    /** Arms the timeouts of {@code state} in a hierarchical machine, where its entry chain does it first. */
    MethodSpec armTimeoutsMethod(StateModel state) {
        return MethodSpec.methodBuilder(names.armTimeoutsName(state))
                .addModifiers(Modifier.PRIVATE)
                .addCode(armTimeouts(state))
                .build();
    }

    /** Arms each timeout of {@code state}; a duration method that throws fails the entry. */
    private CodeBlock armTimeouts(StateModel state) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (int index : state.timeouts()) {
            TimeoutModel timeout = model.timeouts().get(index);
            code.add(failures.guarded(armTimeout(timeout), Role.ENTRY, timeout.method()));
        }
        return code.build();
    }

    /** Arms a timeout: a call of its {@link #armMethod}. */
    CodeBlock armTimeout(TimeoutModel timeout) {
        return CodeBlock.of("$L();\n", names.armMethod(timeout));
    }

    /**
     * The method that arms a timeout: asks the spec for the duration, and unless it is null (the timeout is off this
     * time) makes the task the first time and schedules it. A machine that never arms a timeout keeps no task for it.
     */
    MethodSpec armMethod(TimeoutModel timeout) {
        String scheduler = model.schedulerMethod().equals("yield") ? "this.yield" : model.schedulerMethod();
        String task = names.taskRef(timeout);
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.armMethod(timeout))
                .addModifiers(Modifier.PRIVATE)
                .addStatement("$T delay = $L", names.type(java.time.Duration.class),
                        failures.invocation(new CallModel(timeout.method(), CallModel.Argument.NONE,
                                timeout.isStatic())))
                .beginControlFlow("if (delay == null)")
                .addComment("Off this time: nothing is scheduled, and the state runs without it.")
                .addStatement("return")
                .endControlFlow();
        if (names.timersApart()) {
            method.beginControlFlow("if ($L == null)", names.timersField)
                    .addStatement("$L = new $L()", names.timersField, names.timersType)
                    .endControlFlow();
        }
        return method.beginControlFlow("if ($L == null)", task)
                .addStatement("$L = this::$L", task, names.expiredMethod(timeout))
                .endControlFlow()
                .addStatement("$L = $L().schedule(delay, $L)", names.timerRef(timeout), scheduler, task)
                .build();
    }

    CodeBlock cancelTimeout(TimeoutModel timeout) {
        String timer = names.timerRef(timeout);
        return CodeBlock.builder()
                .beginControlFlow("if ($L)", names.timerArmed(timeout))
                .addStatement("$L.cancel()", timer)
                .addStatement("$L = null", timer)
                .endControlFlow()
                .build();
    }

    MethodSpec timeoutExpired(TimeoutModel timeout) {
        String timer = names.timerRef(timeout);
        return MethodSpec.methodBuilder(names.expiredMethod(timeout))
                .addModifiers(Modifier.PRIVATE)
                .beginControlFlow("if ($L)", names.timerIdle(timeout))
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

    /** @param entries the entry work of the initial state (and, in a hierarchical machine, of the states above it) */
    MethodSpec enterInitialState(CodeBlock entries) {
        return MethodSpec.methodBuilder(names.enterInitialStateName)
                .addJavadoc("Runs the initial state's entry actions and arms its timeouts; event and payload are"
                        + " null.\n")
                .addModifiers(Modifier.PRIVATE)
                .addStatement("int from = $L", names.stateOrdinalField)
                .addCode(runToCompletion(
                        entries,
                        CodeBlock.of("$L();\n", names.drainQueueName),
                        FailureWriter.AfterRecovery.NOTHING,
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
     * @param after what the step returns: nothing, the local {@code handled} ({@code fire}) or the local
     *     {@code outcome} ({@code send}), and what it returns after the error path
     */
    CodeBlock runToCompletion(CodeBlock body, CodeBlock followUp, FailureWriter.AfterRecovery after, String event,
            String payload) {
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement("$L = true", names.processingField)
                .beginControlFlow("try")
                .add(body)
                .beginControlFlow("if ($L)", names.followUpField)
                .add(followUp)
                .endControlFlow();
        switch (after) {
            case ITS_RESULT -> code.addStatement("return handled");
            case FAILED_OUTCOME -> code.addStatement("return outcome");
            case NOTHING -> { }
        }
        return code.add(failures.catchFailure("from", event, payload, after))
                .nextControlFlow("finally")
                .addStatement("$L = false", names.processingField)
                .endControlFlow()
                .build();
    }

    /** Tells listeners about the transition that just finished, if the event was handled. */
    MethodSpec tellListeners() {
        return MethodSpec.methodBuilder(names.tellListenersName)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(TypeName.INT, "from")
                .addParameter(names.eventType(), "event")
                .addParameter(TypeName.BOOLEAN, "handled")
                .beginControlFlow("if (handled && $L)", names.anyListener())
                .addStatement("$L.transitioned($L, event, $L)", names.listenersField, names.stateAt("from"),
                        names.currentState())
                .endControlFlow()
                .build();
    }

    /**
     * Runs queued events in order, telling listeners about each transition; then no follow-up is pending. A queued
     * event whose transition fails takes the error path like any other: the events that transition queued die with
     * it, the older ones still run. In a
     * machine that defers events, deferred events are offered again after every state change, before any queued
     * (newer) event.
     */
    MethodSpec drainQueue() {
        boolean defers = model.hierarchy().filter(h -> h.hasDeferrals()).isPresent();
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.drainQueueName)
                .addModifiers(Modifier.PRIVATE);
        if (defers) {
            method.beginControlFlow("while (true)")
                    .beginControlFlow("if ($L)", names.reofferPendingField)
                    .addStatement("$L()", names.reofferName)
                    .endControlFlow()
                    .beginControlFlow("if ($L == null || $L.isEmpty())", names.queueField, names.queueField)
                    .addStatement("break")
                    .endControlFlow();
        } else {
            method.beginControlFlow("while ($L)", names.anyQueued());
        }
        String arguments = takeNext(method, names.queueField + ".peekEvent()", names.queueField + ".peekPayload()",
                names.queueField + ".remove()");
        tryDispatchOfTaken(method, names.queueField + ".size()", arguments);
        method.addStatement("$L(from, $L, queuedBefore, failure)", names.recoverName, arguments)
                .addStatement("continue") // recover ran the error path's events and the older ones
                .endControlFlow();
        if (defers) {
            method.addStatement("$L = false", names.deferredNowField); // what send reports is its own event's fate
        }
        return method.addStatement("$L(from, next, handled)", names.tellListenersName)
                .endControlFlow()
                .addStatement("$L = $L", names.followUpField, names.anyListener())
                .build();
    }

    /**
     * Declares {@code next}, and {@code nextPayload} when the machine has payloads, read from a ring of waiting events,
     * then takes the event out of the ring. Returns the arguments that pass the event on to dispatch.
     */
    String takeNext(MethodSpec.Builder method, String readEvent, String readPayload, String remove) {
        method.addStatement("$T next = $L[$L]", names.eventType(), names.eventsField, readEvent);
        String arguments = "next";
        if (names.hasPayload()) {
            // A checked cast: payload types are classes, or generic classes with wildcards, never raw or unchecked.
            // None to Object, which the ring holds: javac's cast lint would warn that it is redundant.
            if (names.payloadType().equals(ClassName.OBJECT)) {
                method.addStatement("$T nextPayload = $L", names.payloadType(), readPayload);
            } else {
                method.addStatement("$T nextPayload = ($T) $L", names.payloadType(), names.payloadType(), readPayload);
            }
            arguments = "next, nextPayload";
        }
        method.addStatement("$L", remove);
        return arguments;
    }

    /**
     * Opens the dispatch of an event taken from a ring: records what recovery needs ({@code queuedBefore}, the
     * number of events queued before this one; {@code from}), then dispatches inside a {@code try} and leaves the
     * builder inside the {@code catch} of a spec method's failure, for the caller to recover its own way.
     */
    void tryDispatchOfTaken(MethodSpec.Builder method, String queuedBefore, String arguments) {
        method.addStatement("int queuedBefore = $L", queuedBefore)
                .addStatement("int from = $L", names.stateOrdinalField)
                .addStatement("boolean handled")
                .beginControlFlow("try")
                .addStatement("handled = $L($L)", names.dispatchName(0), arguments)
                .nextControlFlow("catch ($L failure)", names.specFailureType);
    }

    MethodSpec unhandled() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.unhandledName)
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(names.eventType(), "event")
                .beginControlFlow("if ($L)", names.anyListener())
                .addStatement("$L.unhandled($L, event)", names.listenersField, names.currentState())
                .endControlFlow();
        if (model.unhandled() == Unhandled.THROW) {
            if (model.hierarchy().filter(h -> h.hasDeferrals()).isPresent()) {
                method.beginControlFlow("if ($L)", names.reofferingField)
                        .addComment("A deferred event offered again: nobody fired it now, so nobody is told by a throw.")
                        .addStatement("return false")
                        .endControlFlow();
            }
            method.addStatement("throw new $T($S + event + $S + $L)", names.type(IllegalStateException.class),
                    model.machine().simpleName() + ": no transition for event ", " in state ", names.currentState());
        } else {
            method.addStatement("return false");
        }
        return method.build();
    }
}
