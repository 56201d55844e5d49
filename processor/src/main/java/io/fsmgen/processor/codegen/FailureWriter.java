package io.fsmgen.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.StateModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/**
 * Writes what makes a failing spec method visible and recoverable, at no cost while nothing throws.
 *
 * <p>Generated code calls guards, actions and hooks directly, in <em>failure frames</em>: a method that calls spec
 * methods keeps a local {@code running} naming the one it is calling (a small number, set just before the call; 0
 * while none is), and one catch block around its whole body turns what a spec method threw into a nested
 * {@code SpecMethodFailure} that names the phase and the method. A try/catch region and the stores to a local cost
 * nothing in compiled code until something is thrown, and no field is added to the machine, whose every byte each
 * instance pays. Any throwable is wrapped but an {@code Error}, which is not a transition failure; what the
 * machine's own code throws (the unhandled-event policy, a scheduler) passes through as it is, since {@code running}
 * is set back to 0 before any such code that follows a spec call.
 *
 * <p>Until 2026-12 every spec method had a small wrapper method of its own instead. That put one more method between
 * {@code fire} and the spec's own call sites, and on the TCP machine C2 then often compiled {@code fire} before those
 * call sites had a profile, leaving the effects' calls virtual (BENCHMARKS.md, section 2).
 *
 * <p>The machine is kept consistent by the order of its work rather than by undoing it: a state's timeouts are
 * cancelled only after the transition's actions succeeded, and a target's timeouts are armed before its entry
 * actions. The catch around each processed event then hands the failure to {@code recover}, which takes the declared
 * error path (error state, {@code @OnError} methods, listeners) or throws {@code TransitionException}.
 */
final class FailureWriter {

    static final ClassName PHASE = ClassName.get("io.fsmgen", "TransitionFailure", "Phase");
    static final ClassName FAILURE = ClassName.get("io.fsmgen", "TransitionFailure");
    static final ClassName EXCEPTION = ClassName.get("io.fsmgen", "TransitionException");

    /** The roles a spec method is called in, by the {@code TransitionFailure.Phase} each reports. */
    enum Role {
        GUARD("GUARD"),
        ACTION("ACTION"),
        EXIT("EXIT"),
        ENTRY("ENTRY");

        final String phase;

        Role(String phase) {
            this.phase = phase;
        }
    }

    /** A spec method called in one role: what a failure frame's {@code running} names. */
    private record SpecCall(Role role, CallModel call) {}

    /** The local of a failure frame that names the spec method it is calling: see the class comment. */
    static final String RUNNING = "running";
    /** What {@link #running} writes: code with it calls a spec method, and needs a frame. */
    private static final Pattern CALLS_SPEC_METHOD = Pattern.compile("\\b" + RUNNING + " = [1-9]");

    private final MachineModel model;
    private final MachineNames names;
    /** Every spec call the generated code makes, numbered from 1 in order of first use. */
    private final Map<SpecCall, Integer> specCalls = new LinkedHashMap<>();

    FailureWriter(MachineModel model, MachineNames names) {
        this.model = model;
        this.names = names;
    }

    /** The statements that call {@code call} in {@code role}: {@code running} set to name it, then the call. */
    CodeBlock call(Role role, CallModel call) {
        return CodeBlock.builder().add(running(role, call)).addStatement("$L", invocation(call)).build();
    }

    /** The statement that makes {@code running} name {@code call} in {@code role}, before a guard's condition. */
    CodeBlock running(Role role, CallModel call) {
        int number = specCalls.computeIfAbsent(new SpecCall(role, call), key -> specCalls.size() + 1);
        return CodeBlock.of("$L = $L;\n", RUNNING, number);
    }

    /** The statement that says no spec method runs: before generated code that follows a spec call and may throw. */
    CodeBlock noSpecMethod() {
        return CodeBlock.of("$L = 0;\n", RUNNING);
    }

    /**
     * {@code body} as a failure frame: with {@code running} declared and one catch around it, when it calls a spec
     * method; as it is otherwise.
     */
    CodeBlock frame(CodeBlock body) {
        if (!CALLS_SPEC_METHOD.matcher(body.toString()).find()) {
            return body;
        }
        return CodeBlock.builder()
                .add("int $L = 0; // the spec method being called, for $L.of; 0: none\n", RUNNING,
                        names.specFailureType)
                .beginControlFlow("try")
                .add(body)
                .nextControlFlow("catch ($T failure)", names.type(Throwable.class))
                .addStatement("throw $L.of($L, failure)", names.specFailureType, RUNNING)
                .endControlFlow()
                .build();
    }

    /** A direct call of a spec method. A method named {@code yield} must be called qualified. */
    CodeBlock invocation(CallModel call) {
        String arguments = MachineNames.arguments(call);
        if (!call.method().equals("yield")) {
            return CodeBlock.of("$L($L)", call.method(), arguments);
        }
        return call.isStatic()
                ? CodeBlock.of("$T.$L($L)", names.specType(), call.method(), arguments)
                : CodeBlock.of("this.$L($L)", call.method(), arguments);
    }

    /** {@code statement}, with a failure wrapped as one of {@code role} in {@code method}. */
    CodeBlock guarded(CodeBlock statement, Role role, String method) {
        return CodeBlock.builder()
                .beginControlFlow("try")
                .add(statement)
                .add(wrap(role, method))
                .endControlFlow()
                .build();
    }

    /**
     * The catch clauses that wrap what a spec method threw as one of {@code role}: any throwable but an
     * {@code Error}, which passes through as it is.
     */
    private CodeBlock wrap(Role role, String method) {
        return CodeBlock.builder()
                .nextControlFlow("catch ($T failure)", names.type(Error.class))
                .addStatement("throw failure")
                .nextControlFlow("catch ($T failure)", names.type(Throwable.class))
                .addStatement("throw new $L($T.$L, $S, failure)", names.specFailureType, names.type(PHASE), role.phase,
                        method)
                .build();
    }

    /** Whether the error state has entry work, which may throw while {@code recover} enters it. */
    private boolean errorEntryCanFail(Optional<HierarchyWriter> hierarchy) {
        return model.errorState()
                .filter(error -> hierarchy.map(h -> h.entryWorks(error))
                        .orElseGet(() -> model.states().get(error).hasEntryWork()))
                .isPresent();
    }

    /**
     * The nested exception class that carries a spec method's exception from its failure frame to {@code recover}. It never
     * leaves the machine: every step catches it, and the one path that lets a spec method's exception propagate (the
     * error state's own entry) throws the exception itself, with {@code rethrowCause}.
     */
    TypeSpec failureClass(Optional<HierarchyWriter> hierarchy) {
        TypeSpec.Builder type = TypeSpec.classBuilder(names.specFailureType)
                .addJavadoc("What a spec method threw, on its way from the failure frame that caught it to {@code $L},"
                        + " with the\nmethod's name and the phase it ran in. Without a stack trace of its own: the"
                        + " cause has one.\n", names.recoverName)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .superclass(names.type(RuntimeException.class))
                .addField(names.type(PHASE), "phase", Modifier.FINAL)
                .addField(names.type(String.class), "method", Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder()
                        .addParameter(names.type(PHASE), "phase")
                        .addParameter(names.type(String.class), "method")
                        .addParameter(names.type(Throwable.class), "cause")
                        .addStatement("super(method, cause, false, false)")
                        .addStatement("this.phase = phase")
                        .addStatement("this.method = method")
                        .build());
        if (!specCalls.isEmpty()) {
            type.addMethod(ofMethod()).addMethod(propagateMethod());
        }
        if (!errorEntryCanFail(hierarchy)) {
            return type.build();
        }
        TypeVariableName thrown = TypeVariableName.get("T", names.type(Throwable.class));
        return type.addMethod(MethodSpec.methodBuilder("rethrowCause")
                        .addJavadoc("Throws what the spec method threw, checked or not, as it is, with what"
                                + " {@code earlier}'s method threw\nsuppressed in it.\n")
                        .addAnnotation(AnnotationSpec.builder(names.type(SuppressWarnings.class))
                                .addMember("value", "$S", "unchecked").build())
                        .addTypeVariable(thrown)
                        .returns(names.type(RuntimeException.class))
                        .addParameter(model.machine().nestedClass(names.specFailureType), "earlier")
                        .addException(thrown)
                        .addStatement("$T cause = getCause()", names.type(Throwable.class))
                        .beginControlFlow("if (earlier.getCause() != cause)")
                        .addStatement("cause.addSuppressed(earlier.getCause())")
                        .endControlFlow()
                        .addStatement("throw ($T) cause", thrown)
                        .build())
                .build();
    }

    /**
     * {@code of(running, failure)}: what a failure frame throws for {@code failure}, caught while its {@code running}
     * was {@code running}. A spec method's exception is wrapped with its phase and name; an {@code Error}, a failure
     * already wrapped by a frame further in, and what the machine's own code threw (with {@code running} 0) pass as
     * they are.
     */
    private MethodSpec ofMethod() {
        TypeName specFailure = model.machine().nestedClass(names.specFailureType);
        MethodSpec.Builder method = MethodSpec.methodBuilder("of")
                .addModifiers(Modifier.STATIC)
                .returns(names.type(RuntimeException.class))
                .addParameter(TypeName.INT, RUNNING)
                .addParameter(names.type(Throwable.class), "failure")
                .beginControlFlow("if (failure instanceof $T)", names.type(Error.class))
                .addStatement("throw ($T) failure", names.type(Error.class))
                .endControlFlow()
                .beginControlFlow("if (failure instanceof $T && ($L == 0 || failure instanceof $T))",
                        names.type(RuntimeException.class), RUNNING, specFailure)
                .addStatement("return ($T) failure", names.type(RuntimeException.class))
                .endControlFlow()
                .beginControlFlow("if ($L == 0)", RUNNING)
                .addCode("// A checked exception the machine's own code cannot throw (a scheduler that throws it sneakily):"
                        + " as it is.\n")
                .addStatement("throw $T.<$T>propagate(failure)", specFailure, names.type(RuntimeException.class))
                .endControlFlow()
                .beginControlFlow("switch ($L)", RUNNING);
        specCalls.forEach((call, number) -> method.addCode("case $L:\n$>", number)
                .addStatement("return new $T($T.$L, $S, failure)", specFailure, names.type(PHASE), call.role().phase,
                        call.call().method())
                .addCode("$<"));
        return method.addCode("default:\n$>")
                .addStatement("throw new $T($L)", names.type(AssertionError.class), RUNNING)
                .addCode("$<")
                .endControlFlow()
                .build();
    }

    /** Throws {@code failure} as it is, checked or not, for {@link #ofMethod()}. */
    private MethodSpec propagateMethod() {
        TypeVariableName thrown = TypeVariableName.get("T", names.type(Throwable.class));
        return MethodSpec.methodBuilder("propagate")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addAnnotation(AnnotationSpec.builder(names.type(SuppressWarnings.class))
                        .addMember("value", "$S", "unchecked").build())
                .addTypeVariable(thrown)
                .returns(names.type(RuntimeException.class))
                .addParameter(names.type(Throwable.class), "failure")
                .addException(thrown)
                .addStatement("throw ($T) failure", thrown)
                .build();
    }

    TypeName failureType() {
        return ParameterizedTypeName.get(names.type(FAILURE), names.stateType(), names.eventType());
    }

    /** What the step that caught a failure returns once {@code recover} has taken the error path. */
    enum AfterRecovery {
        /** Nothing: the step returns nothing. */
        NOTHING,
        /** {@code recover}'s result ({@code false}): {@code fire}. */
        ITS_RESULT,
        /** {@code Outcome.FAILED}: {@code send}. */
        FAILED_OUTCOME
    }

    /**
     * The catch clauses around processing one event, after its {@code try} block. A spec method's failure goes to
     * {@code recover}; anything else (an {@code Error}, the unhandled-event policy, a listener) propagates unchanged,
     * with the events its transition queued dropped. Kept to two calls, so that {@code fire} stays small enough to
     * inline.
     */
    CodeBlock catchFailure(String from, String event, String payload, AfterRecovery after) {
        CodeBlock.Builder code = CodeBlock.builder()
                .nextControlFlow("catch ($L failure)", names.specFailureType);
        String call = names.recoverName + "(" + from + ", " + event + ", "
                + (names.hasPayload() ? payload + ", " : "") + "0, failure)"; // nothing was queued before the step
        switch (after) {
            case NOTHING -> code.addStatement("$L", call);
            case ITS_RESULT -> code.addStatement("return $L", call);
            case FAILED_OUTCOME -> code.addStatement("$L", call)
                    .addStatement("return $T.FAILED", names.type(HierarchyWriter.OUTCOME));
        }
        return code.nextControlFlow("catch ($T failure)", names.type(Throwable.class))
                .addStatement("$L()", names.forgetFailureName)
                .addStatement("throw failure")
                .build();
    }

    /** Forgets a failure that is not a transition failure: events its transition queued die with it. */
    MethodSpec forgetFailure() {
        return MethodSpec.methodBuilder(names.forgetFailureName)
                .addModifiers(Modifier.PRIVATE)
                .beginControlFlow("if ($L != null)", names.queueField)
                .addStatement("$L.clear()", names.queueField)
                .endControlFlow()
                .addStatement("$L = $L", names.followUpField, names.anyListener())
                .build();
    }

    /**
     * {@code recover}: the failure path. Runs with {@code processing} still set, so events fired by the error path
     * are queued and run after it.
     */
    MethodSpec recover(Optional<HierarchyWriter> hierarchy) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(names.recoverName)
                .addJavadoc("Takes the declared error path after a spec method threw; see {@link $T}. {@code queuedBefore}:"
                        + " how many queued events the failed step found waiting.\n", names.type(FAILURE))
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(TypeName.INT, "from")
                .addParameter(names.eventType(), "event");
        if (names.hasPayload()) {
            method.addParameter(names.payloadType(), "payload");
        }
        method.addParameter(TypeName.INT, "queuedBefore")
                .addParameter(model.machine().nestedClass(names.specFailureType), "thrown")
                .addComment("The events the failed transition queued die with it; those queued before it still run.")
                .beginControlFlow("if ($L != null)", names.queueField)
                .addStatement("$L.truncate(queuedBefore)", names.queueField)
                .endControlFlow()
                .addStatement("$L = $L", names.followUpField, names.anyListener());
        boolean defers = hierarchy.filter(HierarchyWriter::defers).isPresent();
        if (defers) {
            method.addStatement("$L = false", names.deferredNowField);
        }
        CodeBlock.Builder path = CodeBlock.builder();
        CodeBlock.Builder entry = CodeBlock.builder();
        model.errorState().ifPresent(errorState -> {
            StateModel error = model.states().get(errorState);
            if (!model.timeouts().isEmpty()) {
                path.addStatement("$L()", names.cancelAllTimeoutsName);
            }
            if (hierarchy.isPresent()) {
                entry.add(hierarchy.get().enterErrorState(errorState, names.dispatchArguments()));
            } else {
                entry.add(names.assignState(error.name()));
                if (error.hasEntryWork()) {
                    entry.addStatement("$L($L)", names.entryName(error), names.dispatchArguments());
                }
            }
        });
        if (errorEntryCanFail(hierarchy)) {
            // The error state's own entry may fail: that failure propagates as it is, not as a step's to recover,
            // carrying the failure that led there; what the entry queued dies with it.
            path.beginControlFlow("try")
                    .add(entry.build())
                    .nextControlFlow("catch ($L entryFailure)", names.specFailureType)
                    .add("// The error state's own entry failed: its exception propagates as it is, with the failure"
                            + " that led here.\n")
                    .addStatement("$L()", names.forgetFailureName)
                    .addStatement("throw entryFailure.rethrowCause(thrown)")
                    .endControlFlow();
        } else {
            path.add(entry.build());
        }
        path.addStatement("$T failure = new $T<>($S, $L, event, $L, thrown.phase, thrown.method, thrown.getCause())",
                        failureType(), names.type(FAILURE), model.machine().simpleName(), names.stateAt("from"),
                        names.currentState())
                .beginControlFlow("if ($L)", names.anyListener())
                .addStatement("$L.failed(failure)", names.listenersField)
                .endControlFlow();
        model.errorHandlers().forEach(handler -> path.addStatement("$L", invocation(handler)));
        if (model.errorState().isEmpty() && model.errorHandlers().isEmpty()) {
            path.addStatement("throw new $T(failure)", names.type(EXCEPTION));
        } else {
            if (defers) {
                // The events the error path fired run first, as part of it; the deferred events its state change
                // released are offered after them (at once, if one of them changes the state).
                path.addStatement("boolean releasedDeferred = $L", names.reofferPendingField)
                        .addStatement("$L = false", names.reofferPendingField)
                        .beginControlFlow("if ($L)", names.anyQueued())
                        .addStatement("$L()", names.drainQueueName)
                        .endControlFlow()
                        .beginControlFlow("if (releasedDeferred && !$L.isEmpty())", names.deferredField)
                        .addStatement("$L = true", names.reofferPendingField)
                        .addStatement("$L()", names.drainQueueName)
                        .endControlFlow();
            } else {
                path.add("// Events fired by the error path run now, as any queued event would.\n")
                        .beginControlFlow("if ($L)", names.anyQueued())
                        .addStatement("$L()", names.drainQueueName)
                        .endControlFlow();
            }
            path.addStatement("return false");
        }
        return method.addCode(path.build()).build();
    }
}
