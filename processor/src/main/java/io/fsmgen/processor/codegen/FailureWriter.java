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
import javax.lang.model.element.Modifier;

/**
 * Writes what makes a failing spec method visible and recoverable, at no cost while nothing throws.
 *
 * <p>Generated code calls every guard, action and hook through a small private method (inlined by the JIT) whose
 * catch block wraps the exception in a nested {@code SpecMethodFailure} that names the phase and the method: on the
 * failure path only, since a try/catch region costs nothing until something is thrown, and without a field in the
 * machine, whose every byte each instance pays. Any throwable is wrapped but an {@code Error}, which is not a
 * transition failure. The machine is kept consistent by the order of its work rather than by undoing it: a state's
 * timeouts are cancelled only after the transition's actions succeeded, and a target's timeouts are armed before its
 * entry actions. The catch around each processed event then hands the failure to
 * {@code recover}, which takes the declared error path (error state, {@code @OnError} methods, listeners) or throws
 * {@code TransitionException}.
 */
final class FailureWriter {

    static final ClassName PHASE = ClassName.get("io.fsmgen", "TransitionFailure", "Phase");
    static final ClassName FAILURE = ClassName.get("io.fsmgen", "TransitionFailure");
    static final ClassName EXCEPTION = ClassName.get("io.fsmgen", "TransitionException");

    /** The phases, by the role names that also prefix the wrapper methods. */
    enum Role {
        GUARD("guard", "GUARD"),
        ACTION("action", "ACTION"),
        EXIT("onExit", "EXIT"),
        ENTRY("onEntry", "ENTRY");

        final String prefix;
        final String phase;

        Role(String prefix, String phase) {
            this.prefix = prefix;
            this.phase = phase;
        }
    }

    private record Wrapper(Role role, CallModel call) {}

    private final MachineModel model;
    private final MachineNames names;
    private final Map<Wrapper, String> wrappers = new LinkedHashMap<>();

    FailureWriter(MachineModel model, MachineNames names) {
        this.model = model;
        this.names = names;
    }

    /** The expression that calls {@code call} in {@code role} through its wrapper, e.g. {@code guardLocked()}. */
    CodeBlock call(Role role, CallModel call) {
        String wrapper = wrappers.computeIfAbsent(new Wrapper(role, call),
                key -> names.callName(role.prefix, call));
        return CodeBlock.of("$L($L)", wrapper, MachineNames.arguments(call));
    }

    /** The wrappers asked for so far: write them after everything else. */
    List<MethodSpec> wrappers() {
        List<MethodSpec> methods = new ArrayList<>();
        wrappers.forEach((wrapper, name) -> {
            CallModel call = wrapper.call();
            MethodSpec.Builder method = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE);
            switch (call.argument()) {
                case EVENT -> method.addParameter(names.eventType(), "event");
                case PAYLOAD -> method.addParameter(names.payloadType(), "payload");
                case FAILURE -> method.addParameter(failureType(), "failure");
                case NONE -> { }
            }
            boolean guard = wrapper.role() == Role.GUARD;
            method.returns(guard ? TypeName.BOOLEAN : TypeName.VOID);
            CodeBlock invocation = invocation(call);
            method.beginControlFlow("try");
            if (guard) {
                method.addStatement("return $L", invocation);
            } else {
                method.addStatement("$L", invocation);
            }
            method.addCode(wrap(wrapper.role(), call.method()))
                    .endControlFlow();
            methods.add(method.build());
        });
        return methods;
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
     * The nested exception class that carries a spec method's exception from its wrapper to {@code recover}. It never
     * leaves the machine: every step catches it, and the one path that lets a spec method's exception propagate (the
     * error state's own entry) throws the exception itself, with {@code rethrowCause}.
     */
    TypeSpec failureClass(Optional<HierarchyWriter> hierarchy) {
        TypeSpec.Builder type = TypeSpec.classBuilder(names.specFailureType)
                .addJavadoc("What a spec method threw, on its way from the method's wrapper to {@code $L}, with the"
                        + " method's\nname and the phase it ran in. Without a stack trace of its own: the cause has"
                        + " one.\n", names.recoverName)
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
