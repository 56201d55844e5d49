package io.fsmgen.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.fsmgen.Unhandled;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.ConstructorModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.RowModel;
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
 * <p>Shape: {@code fire} switches on the current state's ordinal and calls one method per state, which switches on
 * the event's ordinal; each case tries its rows in order. Ordinals are compile-time constants, so javac emits
 * {@code tableswitch} instructions without the {@code $SwitchMap} lookup an enum switch costs, and the constants keep
 * the code readable in a debugger. Switches longer than {@link #CASES_PER_METHOD} are chained over several methods,
 * so that machines with hundreds of states and events stay far below the JVM's 64 KB method limit.
 */
public final class MachineWriter {

    static final int CASES_PER_METHOD = 64;

    private static final ClassName MACHINE = ClassName.get("io.fsmgen", "Machine");
    private static final ClassName LISTENER = ClassName.get("io.fsmgen", "TransitionListener");
    private static final ClassName LISTENER_LIST = ClassName.get("io.fsmgen", "ListenerList");
    private static final ClassName EVENT_QUEUE = ClassName.get("io.fsmgen", "EventQueue");
    private static final ClassName ORDINALS = ClassName.get("io.fsmgen", "Ordinals");
    private static final ClassName CANCELLABLE = ClassName.get("io.fsmgen", "Scheduler", "Cancellable");
    private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");

    private final MachineModel model;
    private final List<String> stateSuffixes;
    private final TypeName payloadType;
    private final boolean hasPayload;
    private final String unhandledName;
    private final String drainQueueName;
    private final String cancelAllTimeoutsName;
    private final String enterInitialStateName;

    public MachineWriter(MachineModel model) {
        this.model = model;
        this.stateSuffixes = Identifiers.uniqueCamel(model.stateNames());
        this.hasPayload = model.payload().isPresent();
        this.payloadType = model.payload().orElse(ClassName.OBJECT);
        this.unhandledName = helper("unhandled");
        this.drainQueueName = helper("drainQueue");
        this.cancelAllTimeoutsName = helper("cancelAllTimeouts");
        this.enterInitialStateName = helper("enterInitialState");
    }

    /**
     * The name of a private helper: {@code base}, unless the spec already has a method of that name, in which case
     * trailing underscores keep the two apart (the spec's method must not be hidden or clash).
     */
    private String helper(String base) {
        String name = base;
        while (model.specMethodNames().contains(name)) {
            name = name + "_";
        }
        return name;
    }

    public TypeSpec write(Optional<AnnotationSpec> generated) {
        TypeSpec.Builder type = TypeSpec.classBuilder(model.machine())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(model.spec())
                .addSuperinterface(ParameterizedTypeName.get(MACHINE, model.stateType(), model.eventType()))
                .addJavadoc(classJavadoc());
        generated.ifPresent(type::addAnnotation);
        addConstants(type);
        addFields(type);
        model.constructors().forEach(constructor -> type.addMethod(constructor(constructor)));
        type.addMethod(stateAccessor());
        type.addMethods(fireMethods());
        type.addMethod(restore());
        type.addMethod(addListener());
        type.addMethod(removeListener());
        type.addMethods(dispatchMethods());
        for (StateModel state : model.states()) {
            type.addMethods(stateDispatchMethods(state));
        }
        for (StateModel state : model.states()) {
            if (state.hasExitWork()) {
                type.addMethod(exitMethod(state));
            }
            if (state.hasEntryWork()) {
                type.addMethod(entryMethod(state));
            }
        }
        for (int i = 0; i < model.timeouts().size(); i++) {
            type.addMethod(timeoutExpired(model.timeouts().get(i)));
        }
        if (!model.timeouts().isEmpty()) {
            type.addMethod(cancelAllTimeouts());
        }
        type.addMethod(drainQueue());
        type.addMethod(unhandled());
        if (model.states().get(model.initial()).hasEntryWork()) {
            type.addMethod(enterInitialState());
        }
        return type.build();
    }

    private CodeBlock classJavadoc() {
        return CodeBlock.builder()
                .add("The state machine declared by {@link $T}, generated by fsmgen.\n", model.spec())
                .add("\n<p>The table on {@code $L} is the source of truth: change it there and rebuild.\n",
                        model.spec().simpleName())
                .add("Diagrams: {@code META-INF/fsmgen/$L.mmd} and {@code .dot}; the table: {@code .md}.\n",
                        model.qualifiedName())
                .add("\n<p>Not thread-safe: drive each machine from one thread at a time.\n")
                .build();
    }

    // ---- constants and fields -------------------------------------------------------------------------------

    private static String stateConstant(String name) {
        return "S_" + name;
    }

    private static String eventConstant(String name) {
        return "E_" + name;
    }

    private void addConstants(TypeSpec.Builder type) {
        for (int i = 0; i < model.stateNames().size(); i++) {
            type.addField(FieldSpec.builder(TypeName.INT, stateConstant(model.stateNames().get(i)),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$L", i)
                    .build());
        }
        for (int i = 0; i < model.eventNames().size(); i++) {
            type.addField(FieldSpec.builder(TypeName.INT, eventConstant(model.eventNames().get(i)),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$L", i)
                    .build());
        }
        type.addField(FieldSpec.builder(arrayOf(model.eventType()), "EVENTS",
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.values()", model.eventType())
                .build());
        type.addStaticBlock(CodeBlock.builder()
                .add("// Fails fast if the enums changed after this class was generated.\n")
                .addStatement("$T.verify($T.class, $T.class, $L)", ORDINALS, model.machine(), model.stateType(),
                        quoted(model.stateNames()))
                .addStatement("$T.verify($T.class, $T.class, $L)", ORDINALS, model.machine(), model.eventType(),
                        quoted(model.eventNames()))
                .build());
    }

    private static TypeName arrayOf(ClassName type) {
        return com.palantir.javapoet.ArrayTypeName.of(type);
    }

    private static CodeBlock quoted(List<String> names) {
        return names.stream().map(name -> CodeBlock.of("$S", name)).collect(CodeBlock.joining(", "));
    }

    private void addFields(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(model.stateType(), "state", Modifier.PRIVATE).build());
        type.addField(FieldSpec.builder(TypeName.BOOLEAN, "processing", Modifier.PRIVATE)
                .addJavadoc("True while an event is being processed; events fired meanwhile wait in {@link #queue}.\n")
                .build());
        type.addField(FieldSpec.builder(EVENT_QUEUE, "queue", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T()", EVENT_QUEUE)
                .build());
        type.addField(FieldSpec.builder(
                        ParameterizedTypeName.get(LISTENER_LIST, model.stateType(), model.eventType()),
                        "listeners", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T<>()", LISTENER_LIST)
                .build());
        for (TimeoutModel timeout : model.timeouts()) {
            type.addField(FieldSpec.builder(CANCELLABLE, timerField(timeout), Modifier.PRIVATE)
                    .addJavadoc("The armed {@code $L()} timeout, or null when it is not running.\n",
                            timeout.method())
                    .build());
            type.addField(FieldSpec.builder(Runnable.class, taskField(timeout), Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("this::$L", expiredMethod(timeout))
                    .build());
        }
    }

    private static String timerField(TimeoutModel timeout) {
        return timeout.method() + "Timer";
    }

    private static String taskField(TimeoutModel timeout) {
        return timeout.method() + "Task";
    }

    private String expiredMethod(TimeoutModel timeout) {
        return helper("on" + Identifiers.capitalize(timeout.method()) + "Expired");
    }

    // ---- public API -----------------------------------------------------------------------------------------

    private MethodSpec constructor(ConstructorModel constructor) {
        MethodSpec.Builder method = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        for (ConstructorModel.Parameter parameter : constructor.parameters()) {
            method.addParameter(parameter.type(), parameter.name());
        }
        method.varargs(constructor.varargs());
        method.addExceptions(constructor.thrown());
        method.addStatement("super($L)", constructor.parameters().stream()
                .map(ConstructorModel.Parameter::name)
                .collect(Collectors.joining(", ")));
        method.addStatement("this.state = $T.$L", model.stateType(), model.stateNames().get(model.initial()));
        if (model.states().get(model.initial()).hasEntryWork()) {
            method.addStatement("$L()", enterInitialStateName);
        }
        return method.build();
    }

    private MethodSpec stateAccessor() {
        return MethodSpec.methodBuilder("state")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(model.stateType())
                .addStatement("return state")
                .build();
    }

    private List<MethodSpec> fireMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        MethodSpec.Builder fire = MethodSpec.methodBuilder("fire")
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(model.eventType(), "event");
        if (hasPayload) {
            methods.add(fire.addAnnotation(Override.class).addStatement("return fire(event, null)").build());
            fire = MethodSpec.methodBuilder("fire")
                    .addJavadoc("Fires {@code event} with a payload that guards and actions may take as a parameter.\n")
                    .addModifiers(Modifier.PUBLIC)
                    .returns(TypeName.BOOLEAN)
                    .addParameter(model.eventType(), "event")
                    .addParameter(payloadType, "payload");
        } else {
            fire.addAnnotation(Override.class);
        }
        fire.addStatement("$T.requireNonNull(event, $S)", OBJECTS, "event")
                .beginControlFlow("if (processing)")
                .addComment("Run to completion: fired from a guard or action, so it waits its turn.")
                .addStatement("queue.offer(event.ordinal(), $L)", hasPayload ? "payload" : "null")
                .addStatement("return false")
                .endControlFlow()
                .addStatement("processing = true")
                .beginControlFlow("try")
                .addStatement("boolean handled = $L(event$L)", dispatchName(0), hasPayload ? ", payload" : "")
                .beginControlFlow("if (!queue.isEmpty())")
                .addStatement("$L()", drainQueueName)
                .endControlFlow()
                .addStatement("return handled")
                .nextControlFlow("finally")
                .addStatement("processing = false")
                .addComment("Empty unless a guard or action threw: queued events die with the failed one.")
                .addStatement("queue.clear()")
                .endControlFlow();
        methods.add(fire.build());
        return methods;
    }

    private MethodSpec restore() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("restore")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(model.stateType(), "target")
                .addStatement("$T.requireNonNull(target, $S)", OBJECTS, "target")
                .beginControlFlow("if (processing)")
                .addStatement("throw new $T($S)", IllegalStateException.class,
                        model.machine().simpleName() + ".restore() called while an event is being processed")
                .endControlFlow();
        if (!model.timeouts().isEmpty()) {
            method.addStatement("$L()", cancelAllTimeoutsName);
        }
        method.addStatement("state = target");
        List<StateModel> timed = model.states().stream().filter(s -> !s.timeouts().isEmpty()).toList();
        if (!timed.isEmpty()) {
            method.beginControlFlow("switch (target.ordinal())");
            for (StateModel state : timed) {
                method.addCode("case $L:\n$>", stateConstant(state.name()));
                for (int index : state.timeouts()) {
                    method.addStatement(armTimeout(model.timeouts().get(index)));
                }
                method.addStatement("break").addCode("$<");
            }
            method.addCode("default:\n$>").addStatement("break").addCode("$<").endControlFlow();
        }
        return method.build();
    }

    private MethodSpec addListener() {
        return MethodSpec.methodBuilder("addListener")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(ParameterizedTypeName.get(LISTENER, model.stateType(), model.eventType()), "listener")
                .addStatement("listeners.add(listener)")
                .build();
    }

    private MethodSpec removeListener() {
        return MethodSpec.methodBuilder("removeListener")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(ParameterizedTypeName.get(LISTENER, model.stateType(), model.eventType()), "listener")
                .addStatement("listeners.remove(listener)")
                .build();
    }

    // ---- dispatch -------------------------------------------------------------------------------------------

    private String dispatchArguments() {
        return hasPayload ? "event, payload" : "event";
    }

    private MethodSpec.Builder dispatchSignature(String name) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(model.eventType(), "event");
        if (hasPayload) {
            method.addParameter(payloadType, "payload");
        }
        return method;
    }

    private String stateMethod(StateModel state, int part) {
        return helper("dispatchIn" + stateSuffixes.get(state.ordinal()) + (part == 0 ? "" : "Part" + (part + 1)));
    }

    private String dispatchName(int part) {
        return helper(part == 0 ? "dispatch" : "dispatchPart" + (part + 1));
    }

    private String exitName(StateModel state) {
        return helper("runExitOf" + stateSuffixes.get(state.ordinal()));
    }

    private String entryName(StateModel state) {
        return helper("runEntryOf" + stateSuffixes.get(state.ordinal()));
    }

    /** The switch on the current state, chained over several methods when there are many states. */
    private List<MethodSpec> dispatchMethods() {
        List<List<StateModel>> parts = partition(model.states());
        List<MethodSpec> methods = new ArrayList<>();
        for (int part = 0; part < parts.size(); part++) {
            MethodSpec.Builder method = dispatchSignature(dispatchName(part));
            method.beginControlFlow("switch (state.ordinal())");
            for (StateModel state : parts.get(part)) {
                method.addCode("case $L:\n", stateConstant(state.name()));
                if (state.cells().isEmpty()) {
                    method.addStatement("$>return $L(event)$<", unhandledName);
                } else {
                    method.addStatement("$>return $L($L)$<", stateMethod(state, 0), dispatchArguments());
                }
            }
            method.addCode("default:\n");
            if (part + 1 < parts.size()) {
                method.addStatement("$>return $L($L)$<", dispatchName(part + 1), dispatchArguments());
            } else {
                method.addStatement("$>throw new $T(state)$<", AssertionError.class);
            }
            methods.add(method.endControlFlow().build());
        }
        return methods;
    }

    /** One method per state (more for states that handle many events), switching on the event. */
    private List<MethodSpec> stateDispatchMethods(StateModel state) {
        if (state.cells().isEmpty()) {
            return List.of();
        }
        List<List<CellModel>> parts = partition(state.cells());
        List<MethodSpec> methods = new ArrayList<>();
        for (int part = 0; part < parts.size(); part++) {
            MethodSpec.Builder method = dispatchSignature(stateMethod(state, part));
            if (part == 0) {
                method.addJavadoc("Events handled in $L.\n", state.name());
            }
            method.beginControlFlow("switch (event.ordinal())");
            for (CellModel cell : parts.get(part)) {
                method.addCode("case $L:$>\n", eventConstant(model.eventNames().get(cell.event())));
                method.addCode(cellCode(state, cell));
                method.addCode("$<");
            }
            method.addCode("default:\n");
            if (part + 1 < parts.size()) {
                method.addStatement("$>return $L($L)$<", stateMethod(state, part + 1), dispatchArguments());
            } else {
                method.addStatement("$>return $L(event)$<", unhandledName);
            }
            methods.add(method.endControlFlow().build());
        }
        return methods;
    }

    private CodeBlock cellCode(StateModel state, CellModel cell) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (RowModel row : cell.rows()) {
            code.add("// $L\n", describe(state, cell, row));
            if (row.guard().isPresent()) {
                code.beginControlFlow("if ($L$L)", row.guard().get().negated() ? "!" : "",
                        call(row.guard().get().call()));
                code.add(transitionCode(state, row));
                code.endControlFlow();
            } else {
                code.add(transitionCode(state, row));
                return code.build();
            }
        }
        return code.addStatement("return $L(event)", unhandledName).build();
    }

    private String describe(StateModel state, CellModel cell, RowModel row) {
        StringBuilder text = new StringBuilder()
                .append(row.wildcard() ? "*" : state.name())
                .append(" --")
                .append(model.eventNames().get(cell.event()));
        row.guard().ifPresent(guard -> text.append(" [").append(guard.text()).append(']'));
        if (!row.actions().isEmpty()) {
            text.append(" / ").append(row.actions().stream().map(CallModel::method).collect(Collectors.joining(", ")));
        }
        text.append(row.target().map(t -> "--> " + model.stateNames().get(t)).orElse("--> (internal)"));
        return text.append("   (").append(row.origin()).append(')').toString();
    }

    private CodeBlock transitionCode(StateModel source, RowModel row) {
        CodeBlock.Builder code = CodeBlock.builder();
        String from = model.stateNames().get(source.ordinal());
        if (row.isInternal()) {
            row.actions().forEach(action -> code.addStatement("$L", call(action)));
            code.beginControlFlow("if (!listeners.isEmpty())")
                    .addStatement("listeners.transitioned($T.$L, event, $T.$L)",
                            model.stateType(), from, model.stateType(), from)
                    .endControlFlow();
            return code.addStatement("return true").build();
        }
        StateModel target = model.states().get(row.target().get());
        if (source.hasExitWork()) {
            code.addStatement("$L($L)", exitName(source), dispatchArguments());
        }
        row.actions().forEach(action -> code.addStatement("$L", call(action)));
        code.addStatement("state = $T.$L", model.stateType(), target.name());
        if (target.hasEntryWork()) {
            code.addStatement("$L($L)", entryName(target), dispatchArguments());
        }
        code.beginControlFlow("if (!listeners.isEmpty())")
                .addStatement("listeners.transitioned($T.$L, event, $T.$L)",
                        model.stateType(), from, model.stateType(), target.name())
                .endControlFlow();
        return code.addStatement("return true").build();
    }

    private static String call(CallModel call) {
        return switch (call.argument()) {
            case NONE -> call.method() + "()";
            case EVENT -> call.method() + "(event)";
            case PAYLOAD -> call.method() + "(payload)";
        };
    }

    // ---- entry, exit and timeouts ---------------------------------------------------------------------------

    private MethodSpec.Builder hookSignature(String name) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(model.eventType(), "event");
        if (hasPayload) {
            method.addParameter(payloadType, "payload");
        }
        return method;
    }

    private MethodSpec exitMethod(StateModel state) {
        MethodSpec.Builder method = hookSignature(exitName(state));
        for (int index : state.timeouts()) {
            method.addCode(cancelTimeout(model.timeouts().get(index)));
        }
        state.exitActions().forEach(action -> method.addStatement("$L", call(action)));
        return method.build();
    }

    private MethodSpec entryMethod(StateModel state) {
        MethodSpec.Builder method = hookSignature(entryName(state));
        state.entryActions().forEach(action -> method.addStatement("$L", call(action)));
        for (int index : state.timeouts()) {
            method.addStatement(armTimeout(model.timeouts().get(index)));
        }
        return method.build();
    }

    private CodeBlock armTimeout(TimeoutModel timeout) {
        return CodeBlock.of("$L = $L().schedule($L(), $L)", timerField(timeout), model.schedulerMethod(),
                timeout.method(), taskField(timeout));
    }

    private static CodeBlock cancelTimeout(TimeoutModel timeout) {
        return CodeBlock.builder()
                .beginControlFlow("if ($L != null)", timerField(timeout))
                .addStatement("$L.cancel()", timerField(timeout))
                .addStatement("$L = null", timerField(timeout))
                .endControlFlow()
                .build();
    }

    private MethodSpec timeoutExpired(TimeoutModel timeout) {
        return MethodSpec.methodBuilder(expiredMethod(timeout))
                .addModifiers(Modifier.PRIVATE)
                .beginControlFlow("if ($L == null)", timerField(timeout))
                .addComment("Cancelled after the scheduler had already picked the task: the state was left.")
                .addStatement("return")
                .endControlFlow()
                .addStatement("$L = null", timerField(timeout))
                .addStatement("fire($T.$L)", model.eventType(), model.eventNames().get(timeout.event()))
                .build();
    }

    private MethodSpec cancelAllTimeouts() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(cancelAllTimeoutsName).addModifiers(Modifier.PRIVATE);
        model.timeouts().forEach(timeout -> method.addCode(cancelTimeout(timeout)));
        return method.build();
    }

    private MethodSpec enterInitialState() {
        StateModel initial = model.states().get(model.initial());
        return MethodSpec.methodBuilder(enterInitialStateName)
                .addJavadoc("Runs the initial state's entry actions and arms its timeouts; event and payload are"
                        + " null.\n")
                .addModifiers(Modifier.PRIVATE)
                .addStatement("processing = true")
                .beginControlFlow("try")
                .addStatement("$L(null$L)", entryName(initial), hasPayload ? ", null" : "")
                .beginControlFlow("if (!queue.isEmpty())")
                .addStatement("$L()", drainQueueName)
                .endControlFlow()
                .nextControlFlow("finally")
                .addStatement("processing = false")
                .addStatement("queue.clear()")
                .endControlFlow()
                .build();
    }

    private MethodSpec drainQueue() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(drainQueueName)
                .addModifiers(Modifier.PRIVATE)
                .beginControlFlow("while (!queue.isEmpty())")
                .addStatement("$T next = EVENTS[queue.peekEvent()]", model.eventType());
        if (hasPayload) {
            // A checked cast: payload types are classes, or generic classes with wildcards, never raw or unchecked.
            method.addStatement("$T nextPayload = ($T) queue.peekPayload()", payloadType, payloadType);
            method.addStatement("queue.remove()").addStatement("$L(next, nextPayload)", dispatchName(0));
        } else {
            method.addStatement("queue.remove()").addStatement("$L(next)", dispatchName(0));
        }
        return method.endControlFlow().build();
    }

    private MethodSpec unhandled() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(unhandledName)
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(model.eventType(), "event")
                .beginControlFlow("if (!listeners.isEmpty())")
                .addStatement("listeners.unhandled(state, event)")
                .endControlFlow();
        if (model.unhandled() == Unhandled.THROW) {
            method.addStatement("throw new $T($S + event + $S + state)", IllegalStateException.class,
                    model.machine().simpleName() + ": no transition for event ", " in state ");
        } else {
            method.addStatement("return false");
        }
        return method.build();
    }

    private static <T> List<List<T>> partition(List<T> items) {
        List<List<T>> parts = new ArrayList<>();
        for (int start = 0; start < items.size(); start += CASES_PER_METHOD) {
            parts.add(items.subList(start, Math.min(items.size(), start + CASES_PER_METHOD)));
        }
        if (parts.isEmpty()) {
            parts.add(List.of());
        }
        return parts;
    }
}
