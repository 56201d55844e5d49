package io.fsmgen.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.fsmgen.Unhandled;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.StateModel;
import io.fsmgen.processor.model.TimeoutModel;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes what happens around transitions: entry and exit actions, arming and cancelling timeouts, the
 * run-to-completion queue and the unhandled-event policy.
 */
final class HookWriter {

    private final MachineModel model;
    private final MachineNames names;

    HookWriter(MachineModel model, MachineNames names) {
        this.model = model;
        this.names = names;
    }

    MethodSpec exitMethod(StateModel state) {
        MethodSpec.Builder method = names.hookSignature(names.exitName(state));
        for (int index : state.timeouts()) {
            method.addCode(cancelTimeout(model.timeouts().get(index)));
        }
        state.exitActions().forEach(action -> method.addStatement("$L", MachineNames.call(action)));
        return method.build();
    }

    MethodSpec entryMethod(StateModel state) {
        MethodSpec.Builder method = names.hookSignature(names.entryName(state));
        state.entryActions().forEach(action -> method.addStatement("$L", MachineNames.call(action)));
        for (int index : state.timeouts()) {
            method.addCode(armTimeout(model.timeouts().get(index)));
        }
        return method.build();
    }

    /** Arms a timeout, making its task the first time: a machine that never arms it keeps no task. */
    CodeBlock armTimeout(TimeoutModel timeout) {
        String task = MachineNames.taskField(timeout);
        return CodeBlock.builder()
                .beginControlFlow("if ($L == null)", task)
                .addStatement("$L = this::$L", task, names.expiredMethod(timeout))
                .endControlFlow()
                .addStatement("$L = $L().schedule($L(), $L)", MachineNames.timerField(timeout),
                        model.schedulerMethod(), timeout.method(), task)
                .build();
    }

    static CodeBlock cancelTimeout(TimeoutModel timeout) {
        return CodeBlock.builder()
                .beginControlFlow("if ($L != null)", MachineNames.timerField(timeout))
                .addStatement("$L.cancel()", MachineNames.timerField(timeout))
                .addStatement("$L = null", MachineNames.timerField(timeout))
                .endControlFlow()
                .build();
    }

    MethodSpec timeoutExpired(TimeoutModel timeout) {
        return MethodSpec.methodBuilder(names.expiredMethod(timeout))
                .addModifiers(Modifier.PRIVATE)
                .beginControlFlow("if ($L == null)", MachineNames.timerField(timeout))
                .addComment("Cancelled after the scheduler had already picked the task: the state was left.")
                .addStatement("return")
                .endControlFlow()
                .addStatement("$L = null", MachineNames.timerField(timeout))
                .addStatement("fire($T.$L)", model.eventType(), model.eventNames().get(timeout.event()))
                .build();
    }

    MethodSpec cancelAllTimeouts() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.cancelAllTimeoutsName).addModifiers(Modifier.PRIVATE);
        model.timeouts().forEach(timeout -> method.addCode(cancelTimeout(timeout)));
        return method.build();
    }

    /** @param entries the entry calls of the initial state (and, in a hierarchical machine, those above it) */
    MethodSpec enterInitialState(CodeBlock entries) {
        return MethodSpec.methodBuilder(names.enterInitialStateName)
                .addJavadoc("Runs the initial state's entry actions and arms its timeouts; event and payload are"
                        + " null.\n")
                .addModifiers(Modifier.PRIVATE)
                .addCode(runToCompletion(entries, CodeBlock.of("$L();\n", names.drainQueueName),
                        Optional.empty()))
                .build();
    }

    /**
     * The frame every processing step runs in: the flag that queues nested events; after the step, when
     * {@code followUpNeeded} says so, the follow-up (listeners told, queued events run); and on failure the queue
     * cleared so that events fired by a failed transition never run. The catch costs nothing on the normal path,
     * unlike clearing in {@code finally}. One flag for both kinds of follow-up keeps an event that has neither down to
     * one check after its transition: measured, this brought the TCP machine to within a few percent of its
     * hand-written twin over whole connection lives.
     *
     * @param followUp the statement to run when a follow-up is needed
     * @param result the local variable to return after the follow-up, if any
     */
    CodeBlock runToCompletion(CodeBlock body, CodeBlock followUp, Optional<String> result) {
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement("processing = true")
                .beginControlFlow("try")
                .add(body)
                .beginControlFlow("if (followUpNeeded)")
                .add(followUp)
                .endControlFlow();
        result.ifPresent(variable -> code.addStatement("return $L", variable));
        return code.nextControlFlow("catch (Throwable failure)")
                .add("// Events queued by the failed transition die with it.\n")
                .beginControlFlow("if (queue != null)")
                .addStatement("queue.clear()")
                .endControlFlow()
                .addStatement("followUpNeeded = listeners != null && !listeners.isEmpty()")
                .addStatement("throw failure")
                .nextControlFlow("finally")
                .addStatement("processing = false")
                .endControlFlow()
                .build();
    }

    /** Tells listeners about the transition that just finished, if the event was handled. */
    MethodSpec tellListeners() {
        return MethodSpec.methodBuilder(names.tellListenersName)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(model.stateType(), "from")
                .addParameter(model.eventType(), "event")
                .addParameter(TypeName.BOOLEAN, "handled")
                .beginControlFlow("if (handled && listeners != null && !listeners.isEmpty())")
                .addStatement("listeners.transitioned(from, event, state)")
                .endControlFlow()
                .build();
    }

    /** Runs queued events in order, telling listeners about each transition; then no follow-up is pending. */
    MethodSpec drainQueue() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.drainQueueName)
                .addModifiers(Modifier.PRIVATE)
                .beginControlFlow("while (queue != null && !queue.isEmpty())")
                .addStatement("$T next = EVENTS[queue.peekEvent()]", model.eventType());
        String dispatch;
        if (names.hasPayload()) {
            // A checked cast: payload types are classes, or generic classes with wildcards, never raw or unchecked.
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

    MethodSpec unhandled() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.unhandledName)
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(model.eventType(), "event")
                .beginControlFlow("if (listeners != null && !listeners.isEmpty())")
                .addStatement("listeners.unhandled(state, event)")
                .endControlFlow();
        if (model.unhandled() == Unhandled.THROW) {
            if (model.hierarchy().filter(h -> h.hasDeferrals()).isPresent()) {
                method.beginControlFlow("if (reoffering)")
                        .addComment("A deferred event offered again: nobody fired it now, so nobody is told by a throw.")
                        .addStatement("return false")
                        .endControlFlow();
            }
            method.addStatement("throw new $T($S + event + $S + state)", IllegalStateException.class,
                    model.machine().simpleName() + ": no transition for event ", " in state ");
        } else {
            method.addStatement("return false");
        }
        return method.build();
    }
}
