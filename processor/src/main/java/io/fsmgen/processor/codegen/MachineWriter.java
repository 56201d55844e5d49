package io.fsmgen.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.fsmgen.Dispatch;
import io.fsmgen.processor.model.ConstructorModel;
import io.fsmgen.processor.model.DispatchPlan;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.StateModel;
import io.fsmgen.processor.model.TimeoutModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the machine class for a {@link MachineModel}.
 *
 * <p>This class writes the skeleton, the fields and the public API; {@link DispatchWriter} writes the switches and
 * {@link HookWriter} entry, exit, timeouts and the event queue, {@link FailureWriter} the error path,
 * {@link HierarchyWriter} what composites and deferral add, {@link SnapshotWriter} the snapshot, all naming things
 * through {@link MachineNames} and writing types through its {@link Qualifier}.
 */
public final class MachineWriter {

    private static final ClassName MACHINE = ClassName.get("io.fsmgen", "Machine");
    private static final ClassName HIERARCHICAL_MACHINE = ClassName.get("io.fsmgen", "HierarchicalMachine");
    private static final ClassName LISTENER = ClassName.get("io.fsmgen", "TransitionListener");
    private static final ClassName LISTENER_LIST = ClassName.get("io.fsmgen", "ListenerList");
    private static final ClassName EVENT_QUEUE = ClassName.get("io.fsmgen", "EventQueue");
    private static final ClassName CANCELLABLE = ClassName.get("io.fsmgen", "Scheduler", "Cancellable");

    private final MachineModel model;
    private final DispatchPlan plan;
    private final MachineNames names;
    private final DispatchWriter dispatch;
    /** Present when the plan is the cell table. */
    private final Optional<TableDispatchWriter> table;
    private final HookWriter hooks;
    private final FailureWriter failures;
    /** Present for a machine with composites or deferrals; a flat machine's code does not change. */
    private final Optional<HierarchyWriter> hierarchy;

    public MachineWriter(MachineModel model) {
        this.model = model;
        this.plan = plan(model);
        this.names = new MachineNames(model, plan.shape() == Dispatch.TABLE);
        this.failures = new FailureWriter(model, names);
        this.hooks = new HookWriter(model, names, failures);
        this.hierarchy = model.isHierarchical()
                ? Optional.of(new HierarchyWriter(model, names, hooks, failures))
                : Optional.empty();
        this.dispatch = new DispatchWriter(model, names, failures, hierarchy);
        this.table = plan.shape() == Dispatch.TABLE
                ? Optional.of(new TableDispatchWriter(model, names, dispatch))
                : Optional.empty();
    }

    /** The model's plan, kept to the switch when a table's codes would not fit its {@code char}s. */
    private static DispatchPlan plan(MachineModel model) {
        DispatchPlan plan = DispatchPlan.of(model);
        if (plan.shape() == Dispatch.TABLE && !TableDispatchWriter.fits(model)) {
            return new DispatchPlan(Dispatch.SWITCH, plan.reason() + "; kept to the switch, since the cell codes"
                    + " would not fit a char");
        }
        return plan;
    }

    public TypeSpec write(Optional<ClassName> generated) {
        TypeSpec.Builder type = TypeSpec.classBuilder(model.machine())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(model.spec())
                .addSuperinterface(ParameterizedTypeName.get(names.type(hierarchy.isPresent() ? HIERARCHICAL_MACHINE
                        : MACHINE), names.stateType(), names.eventType()))
                .addJavadoc(classJavadoc());
        generated.ifPresent(annotation -> type.addAnnotation(AnnotationSpec.builder(names.type(annotation))
                .addMember("value", "$S", io.fsmgen.processor.StateMachineProcessorInfo.NAME)
                .build()));
        // Types whose simple names a spec member, a local or a field of the machine would shadow or obscure.
        type.alwaysQualify(names.namesToQualify().toArray(String[]::new));
        // A deprecated spec or hook is the user's business, even one marked for removal, whose "removal" warnings
        // javac gives by default and "deprecation" does not silence; machines are never serialized (restore()
        // persists).
        type.addAnnotation(AnnotationSpec.builder(names.type(SuppressWarnings.class))
                .addMember("value", "{$S, $S, $S}", "deprecation", "removal", "serial")
                .build());
        addConstants(type);
        addFields(type);
        hierarchy.ifPresent(h -> type.addFields(h.fields()));
        model.constructors().forEach(constructor -> type.addMethod(constructor(constructor)));
        type.addMethod(stateAccessor());
        hierarchy.ifPresent(h -> type.addMethod(h.isIn()));
        type.addMethods(fireMethods());
        type.addMethods(hierarchy.map(HierarchyWriter::restore).orElseGet(this::restore));
        new SnapshotWriter(model, names, hooks).addTo(type);
        type.addMethod(addListener());
        type.addMethod(removeListener());
        hierarchy.ifPresent(h -> type.addMethod(h.deferredCount()));
        if (table.isPresent()) {
            type.addMethods(table.get().dispatchMethods());
        } else {
            type.addMethods(dispatch.dispatchMethods());
            for (StateModel state : model.states()) {
                type.addMethods(dispatch.stateDispatchMethods(state));
            }
        }
        if (hierarchy.isPresent()) {
            type.addMethods(hierarchy.get().leaveMethods());
            type.addMethods(hierarchy.get().enterMethods());
        } else {
            type.addMethods(dispatch.enterMethods());
        }
        for (StateModel state : model.states()) {
            if (!state.exitActions().isEmpty()) {
                type.addMethod(hooks.exitMethod(state));
            }
            if (!state.timeouts().isEmpty()) {
                type.addMethod(hooks.stopTimeoutsMethod(state));
                if (hierarchy.isPresent()) {
                    type.addMethod(hooks.armTimeoutsMethod(state));
                }
            }
            if (hooks.hasEntryMethod(state)) {
                type.addMethod(hooks.entryMethod(state));
            }
        }
        for (int i = 0; i < model.timeouts().size(); i++) {
            type.addMethod(hooks.armMethod(model.timeouts().get(i)));
            type.addMethod(hooks.timeoutExpired(model.timeouts().get(i)));
        }
        if (!model.timeouts().isEmpty()) {
            type.addMethod(hooks.cancelAllTimeouts());
        }
        type.addMethod(hooks.tellListeners());
        type.addMethod(hooks.drainQueue());
        if (hierarchy.filter(HierarchyWriter::defers).isPresent()) {
            type.addMethod(hierarchy.get().defer());
            type.addMethod(hierarchy.get().reoffer());
        }
        type.addMethod(hooks.unhandled());
        if (initialHasEntryWork()) {
            type.addMethod(hooks.enterInitialState(initialEntries()));
        }
        type.addMethod(failures.recover(hierarchy));
        if (hierarchy.isPresent() && model.errorState().isPresent() && hierarchy.get().remembers()) {
            type.addMethod(hierarchy.get().recordHistory());
        }
        type.addMethod(failures.forgetFailure());
        type.addMethods(failures.wrappers());
        type.addType(failures.failureClass(hierarchy));
        return type.build();
    }

    private boolean initialHasEntryWork() {
        return !initialEntries().isEmpty();
    }

    /** The initial state's entry work: for a hierarchical machine, every state from the top down to its leaf. */
    private CodeBlock initialEntries() {
        if (hierarchy.isPresent()) {
            return hierarchy.get().initialEntries();
        }
        StateModel initial = model.states().get(model.initial());
        return initial.hasEntryWork()
                ? CodeBlock.of("$L($L);\n", names.entryName(initial), names.hasPayload() ? "null, null" : "null")
                : CodeBlock.of("");
    }

    private CodeBlock classJavadoc() {
        return CodeBlock.builder()
                .add("The state machine declared by {@link $T}, generated by fsmgen.\n", names.specType())
                .add("\n<p>The table on {@code $L} is the source of truth: change it there and rebuild.\n",
                        model.spec().simpleName())
                .add(diagramsLine())
                .add("\n<p>$L\n", wrapped("Dispatch: " + (plan.shape() == Dispatch.TABLE
                        ? "a cell table, then one switch over the distinct cell bodies"
                        : "a switch on the state, then a switch on the event per state") + ". Why: " + plan.reason()
                        + "."))
                .add("\n<p>Not thread-safe: drive each machine from one thread at a time.\n")
                .build();
    }

    private CodeBlock diagramsLine() {
        return switch (DiagramSummary.kind(model)) {
            case FULL -> CodeBlock.of("Diagrams: {@code META-INF/fsmgen/$L.mmd} and {@code .dot}; the table: {@code .md}.\n",
                    model.qualifiedName());
            case SUMMARY -> CodeBlock.of("Diagrams, summarised for a machine this large: {@code META-INF/fsmgen/$L.mmd}"
                    + " and {@code .dot};\nthe complete table: {@code .md}.\n", model.qualifiedName());
            case NONE -> CodeBlock.of("The table: {@code META-INF/fsmgen/$L.md} (the spec switched diagrams off).\n",
                    model.qualifiedName());
        };
    }

    /** Text broken into lines of at most 110 characters, for the class Javadoc. */
    private static String wrapped(String text) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (out.length() > lineStart && out.length() - lineStart + word.length() >= 110) {
                out.append('\n');
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    private void addConstants(TypeSpec.Builder type) {
        for (int i = 0; i < model.stateNames().size(); i++) {
            type.addField(FieldSpec.builder(TypeName.INT, names.stateConstant(model.stateNames().get(i)),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$L", i)
                    .build());
        }
        for (int i = 0; i < model.eventNames().size(); i++) {
            type.addField(FieldSpec.builder(TypeName.INT, names.eventConstant(model.eventNames().get(i)),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$L", i)
                    .build());
        }
        type.addField(FieldSpec.builder(arrayOf(names.stateType()), names.stateValuesField,
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The states by ordinal: the current one is {@code $L[$L]}.\n", names.stateValuesField,
                        names.stateOrdinalField)
                .initializer("$T.values()", names.stateType())
                .build());
        type.addField(FieldSpec.builder(arrayOf(names.eventType()), names.eventsField,
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.values()", names.eventType())
                .build());
        type.addStaticBlock(CodeBlock.builder()
                .add("// Fails fast if the enums changed after this class was generated.\n")
                .add(OrdinalsCheck.verify(names, names.stateType(), model.stateNames(),
                        () -> names.verifyOrdinalsName("states", "States"), type))
                .add(OrdinalsCheck.verify(names, names.eventType(), model.eventNames(),
                        () -> names.verifyOrdinalsName("events", "Events"), type))
                .build());
        table.ifPresent(t -> type.addFields(t.fields()));
    }

    private static TypeName arrayOf(ClassName type) {
        return com.palantir.javapoet.ArrayTypeName.of(type);
    }

    private void addFields(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(TypeName.INT, names.stateOrdinalField, Modifier.PRIVATE)
                .addJavadoc("The ordinal of the current state, {@code $L[$L]}: the initial one from the moment the"
                        + " spec's\nconstructor has returned. An int rather than the enum constant, so that a"
                        + " transition is a plain store\nwithout the collector's write barrier.\n",
                        names.stateValuesField, names.stateOrdinalField)
                .initializer("$L", names.stateConstant(model.stateNames().get(initialLeaf())))
                .build());
        type.addField(FieldSpec.builder(TypeName.BOOLEAN, names.processingField, Modifier.PRIVATE)
                .addJavadoc("True while an event is being processed; events fired meanwhile wait in {@link #$L}.\n",
                        names.queueField)
                .build());
        type.addField(FieldSpec.builder(TypeName.BOOLEAN, names.followUpField, Modifier.PRIVATE)
                .addJavadoc("True when a transition has a sequel: listeners to tell, or events waiting in"
                        + " {@link #$L}.\n", names.queueField)
                .build());
        type.addField(FieldSpec.builder(names.type(EVENT_QUEUE), names.queueField, Modifier.PRIVATE)
                .addJavadoc("Events fired during a step; null until the first, as most machines never queue one.\n")
                .build());
        type.addField(FieldSpec.builder(
                        ParameterizedTypeName.get(names.type(LISTENER), names.stateType(), names.eventType()),
                        names.listenersField, Modifier.PRIVATE)
                .addJavadoc("Null while nobody listens, the listener itself while one does, a {@link $T} of more.\n",
                        names.type(LISTENER_LIST))
                .build());
        TypeSpec.Builder timers = names.timersApart()
                ? TypeSpec.classBuilder(names.timersType)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The timers and tasks of this machine's timeouts, in one object made when the"
                                + " first is armed:\nmost of the time most of them are not running, and a machine that"
                                + " never arms one keeps none.\n")
                : type;
        for (TimeoutModel timeout : model.timeouts()) {
            timers.addField(FieldSpec.builder(names.type(CANCELLABLE), names.timerField(timeout), Modifier.PRIVATE)
                    .addJavadoc("The armed {@code $L()} timeout, or null when it is not running.\n",
                            timeout.method())
                    .build());
            timers.addField(FieldSpec.builder(names.type(Runnable.class), names.taskField(timeout), Modifier.PRIVATE)
                    .addJavadoc("The task the scheduler runs; made the first time the timeout is armed.\n")
                    .build());
        }
        if (names.timersApart()) {
            type.addType(timers.build());
            type.addField(FieldSpec.builder(model.machine().nestedClass(names.timersType), names.timersField,
                            Modifier.PRIVATE)
                    .addJavadoc("Null until a timeout is first armed.\n")
                    .build());
        }
    }

    private MethodSpec constructor(ConstructorModel constructor) {
        MethodSpec.Builder method = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        method.addTypeVariables(constructor.typeVariables());
        for (ConstructorModel.Parameter parameter : constructor.parameters()) {
            ParameterSpec.Builder mirrored = ParameterSpec.builder(names.type(parameter.type()), parameter.name());
            if (!parameter.suppressedWarnings().isEmpty()) {
                mirrored.addAnnotation(suppressWarnings(parameter.suppressedWarnings()));
            }
            method.addParameter(mirrored.build());
        }
        method.varargs(constructor.varargs());
        if (constructor.safeVarargs()) {
            method.addAnnotation(names.type(SafeVarargs.class));
        }
        if (!constructor.suppressedWarnings().isEmpty()) {
            method.addAnnotation(suppressWarnings(constructor.suppressedWarnings()));
        }
        constructor.thrown().forEach(thrown -> method.addException(names.type(thrown)));
        method.addStatement("super($L)", constructor.parameters().stream()
                .map(ConstructorModel.Parameter::name)
                .collect(Collectors.joining(", ")));
        if (initialHasEntryWork()) {
            method.addStatement("$L()", names.enterInitialStateName);
        }
        return method.build();
    }

    /** {@code @SuppressWarnings} of the spec's own {@code lints}, repeated on a mirror of what it annotated. */
    private AnnotationSpec suppressWarnings(List<String> lints) {
        return AnnotationSpec.builder(names.type(SuppressWarnings.class))
                .addMember("value", "{$L}", lints.stream()
                        .map(lint -> CodeBlock.of("$S", lint))
                        .collect(CodeBlock.joining(", ")))
                .build();
    }

    /** The state a new machine is in: the initial state, or in a hierarchical machine the leaf it leads to. */
    private int initialLeaf() {
        return hierarchy.map(HierarchyWriter::initialLeaf).orElse(model.initial());
    }

    private MethodSpec stateAccessor() {
        return MethodSpec.methodBuilder("state")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .returns(names.stateType())
                .addStatement("return $L", names.currentState())
                .build();
    }

    private List<MethodSpec> fireMethods() {
        if (hierarchy.isPresent()) {
            return sendMethods();
        }
        List<MethodSpec> methods = new ArrayList<>();
        MethodSpec.Builder fire = MethodSpec.methodBuilder("fire")
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(names.eventType(), "event");
        if (names.hasPayload()) {
            methods.add(fire.addAnnotation(names.type(Override.class))
                    .addStatement("return fire(event, ($T) null)", names.payloadType())
                    .build());
            fire = MethodSpec.methodBuilder("fire")
                    .addJavadoc("Fires {@code event} with a payload that guards and actions may take as a parameter.\n")
                    .addModifiers(Modifier.PUBLIC)
                    .returns(TypeName.BOOLEAN)
                    .addParameter(names.eventType(), "event")
                    .addParameter(names.payloadType(), "payload");
        } else {
            fire.addAnnotation(names.type(Override.class));
        }
        fire.beginControlFlow("if (event == null)")
                .addStatement("throw new $T($S)", names.type(NullPointerException.class), "event")
                .endControlFlow()
                .beginControlFlow("if ($L)", names.processingField)
                .addComment("Run to completion: fired from a guard or action, so it waits its turn.")
                .addCode(queueEvent())
                .addStatement("return false")
                .endControlFlow()
                .addCode(table.map(TableDispatchWriter::firePlainCells).orElse(CodeBlock.of("")))
                .addStatement("int from = $L", names.stateOrdinalField)
                .addCode(hooks.runToCompletion(
                        table.map(TableDispatchWriter::fireStep).orElseGet(dispatch::fireSwitch),
                        CodeBlock.builder()
                                .addStatement("$L(from, event, handled)", names.tellListenersName)
                                .addStatement("$L()", names.drainQueueName)
                                .build(),
                        FailureWriter.AfterRecovery.ITS_RESULT, "event", "payload"));
        methods.add(fire.build());
        return methods;
    }

    /**
     * A hierarchical machine's {@code send}, which says whether the event was handled, deferred, unhandled or queued
     * (or failed, when the declared error path took over), and {@code fire} on top of it.
     */
    private List<MethodSpec> sendMethods() {
        ClassName outcome = names.type(HierarchyWriter.OUTCOME);
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(MethodSpec.methodBuilder("fire")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(names.eventType(), "event")
                .addCode(names.hasPayload()
                        ? CodeBlock.of("return fire(event, ($T) null);\n", names.payloadType())
                        : CodeBlock.of("return send(event) == $T.HANDLED;\n", outcome))
                .build());
        if (names.hasPayload()) {
            methods.add(MethodSpec.methodBuilder("fire")
                    .addJavadoc("Fires {@code event} with a payload that guards and actions may take as a parameter.\n")
                    .addModifiers(Modifier.PUBLIC)
                    .returns(TypeName.BOOLEAN)
                    .addParameter(names.eventType(), "event")
                    .addParameter(names.payloadType(), "payload")
                    .addStatement("return send(event, payload) == $T.HANDLED", outcome)
                    .build());
            methods.add(MethodSpec.methodBuilder("send")
                    .addAnnotation(names.type(Override.class))
                    .addModifiers(Modifier.PUBLIC)
                    .returns(outcome)
                    .addParameter(names.eventType(), "event")
                    .addStatement("return send(event, ($T) null)", names.payloadType())
                    .build());
        }
        MethodSpec.Builder send = MethodSpec.methodBuilder("send")
                .addModifiers(Modifier.PUBLIC)
                .returns(outcome)
                .addParameter(names.eventType(), "event");
        if (names.hasPayload()) {
            send.addJavadoc("Sends {@code event} with a payload that guards and actions may take as a parameter.\n")
                    .addParameter(names.payloadType(), "payload");
        } else {
            send.addAnnotation(names.type(Override.class));
        }
        send.beginControlFlow("if (event == null)")
                .addStatement("throw new $T($S)", names.type(NullPointerException.class), "event")
                .endControlFlow()
                .beginControlFlow("if ($L)", names.processingField)
                .addComment("Run to completion: fired from a guard or action, so it waits its turn.")
                .addCode(queueEvent())
                .addStatement("return $T.QUEUED", outcome)
                .endControlFlow()
                .addStatement("int from = $L", names.stateOrdinalField)
                .addCode(hooks.runToCompletion(
                        CodeBlock.builder()
                                .add(hierarchy.get().offerDueDeferred())
                                .add(dispatch.fireSwitch())
                                .add(hierarchy.get().outcome())
                                .build(),
                        CodeBlock.builder()
                                .addStatement("$L(from, event, handled)", names.tellListenersName)
                                .addStatement("$L()", names.drainQueueName)
                                .build(),
                        FailureWriter.AfterRecovery.FAILED_OUTCOME, "event", "payload"));
        methods.add(send.build());
        return methods;
    }

    /**
     * Queues an event fired while another is processed (run to completion). The queue is made for the first such
     * event: most machines never queue one.
     */
    private CodeBlock queueEvent() {
        return CodeBlock.builder()
                .beginControlFlow("if ($L == null)", names.queueField)
                .addStatement("$L = new $T()", names.queueField, names.type(EVENT_QUEUE))
                .endControlFlow()
                .addStatement("$L.offer(event.ordinal(), $L)", names.queueField, names.hasPayload() ? "payload" : "null")
                .addStatement("$L = true", names.followUpField)
                .build();
    }

    /** {@code restore(S)}, and the parts of its switch when it has many timed states (see {@link ChainedSwitch}). */
    private List<MethodSpec> restore() {
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
        method.addCode(names.assignState(CodeBlock.of("target.ordinal()")));
        List<StateModel> timed = model.states().stream().filter(s -> !s.timeouts().isEmpty()).toList();
        List<MethodSpec> methods = new ArrayList<>();
        if (!timed.isEmpty()) {
            List<ChainedSwitch.Case> cases = new ArrayList<>();
            for (StateModel state : timed) {
                CodeBlock.Builder arm = CodeBlock.builder();
                for (int index : state.timeouts()) {
                    arm.add(hooks.armTimeout(model.timeouts().get(index)));
                }
                cases.add(new ChainedSwitch.Case(List.of(CodeBlock.of("$L", names.stateConstant(state.name()))),
                        arm.build()));
            }
            method.addCode(ChainedSwitch.write(names.stateOrdinalField, cases, selector -> CodeBlock.of("break;\n"),
                    "ordinal", new ChainedSwitch.Parts("restore", part -> names.switchPartName("restore", part),
                            List.of(), ""), methods));
        }
        methods.add(0, method.build());
        return methods;
    }

    private MethodSpec addListener() {
        return MethodSpec.methodBuilder("addListener")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .addParameter(ParameterizedTypeName.get(names.type(LISTENER), names.stateType(), names.eventType()),
                        "listener")
                .addStatement("$L = $T.add($L, listener)", names.listenersField, names.type(LISTENER_LIST),
                        names.listenersField)
                .addStatement("$L = true", names.followUpField)
                .build();
    }

    private MethodSpec removeListener() {
        return MethodSpec.methodBuilder("removeListener")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .addParameter(ParameterizedTypeName.get(names.type(LISTENER), names.stateType(), names.eventType()),
                        "listener")
                .addStatement("$L = $T.remove($L, listener)", names.listenersField, names.type(LISTENER_LIST),
                        names.listenersField)
                .addStatement("$L = $L || ($L)", names.followUpField, names.anyListener(), names.anyQueued())
                .build();
    }
}
