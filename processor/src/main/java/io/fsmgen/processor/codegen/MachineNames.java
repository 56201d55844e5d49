package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import io.fsmgen.History;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.HierarchyModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.SnapshotModel;
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
 * hooks, hierarchy, snapshot and API agree on them, and unique by construction: every member name is allocated here,
 * once, from the name a reader would expect, and a name that is already taken (by another generated member, or by any
 * method of the spec and its supertypes, which a private helper would clash with or hide) gets trailing underscores
 * until it is free. Two states whose derived names fold together ({@code A_B} and {@code AB}, {@code open} and
 * {@code OPEN}) thus still get methods of their own, and so do the parts of a chained switch.
 *
 * <p>Every field is allocated when this object is built, so that the {@link Qualifier} knows them all: a type whose
 * simple name is the name of a generated field (or of a field the machine inherits, or of a local it declares) is
 * written qualified, since the variable would obscure it in an expression. Generated fields never take the first
 * segment of a package that generated code must name in an expression ({@code io}, {@code java}, the spec's
 * enums' packages), which would leave no way to write those types. Locals that derive their names from the spec's
 * come from {@link #locals}, which never hands out the name of a field.
 */
final class MachineNames {

    /** The machine API the generated class implements or inherits: no private helper may take these names. */
    private static final List<String> API = List.of("state", "fire", "restore", "addListener", "removeListener",
            "isIn", "send", "deferredCount", "encode", "decode", "snapshot");

    private final MachineModel model;
    private final Qualifier types;
    private final List<String> stateSuffixes;
    private final boolean hasPayload;
    private final TypeName payloadType;
    private final Set<String> methods = new HashSet<>();
    private final Set<String> fields = new HashSet<>();
    private final Set<String> allocatedFields = new HashSet<>();
    private final Map<String, String> allocated = new HashMap<>();
    final String processingField;
    final String followUpField;
    final String queueField;
    final String listenersField;
    final String eventsField;
    /**
     * The nested exception class that carries a spec method's exception from its wrapper to {@code recover}, with
     * the method's name and phase ({@link FailureWriter#failureClass}).
     */
    final String specFailureType;
    final String parentsField;
    final String deferredField;
    final String reofferPendingField;
    final String reofferingField;
    final String deferredNowField;
    final String snapshotMachineField;
    final String snapshotLayoutField;
    final String stateValuesField;
    final String decodedDeferredField;
    final String unhandledName;
    final String drainQueueName;
    final String cancelAllTimeoutsName;
    final String enterInitialStateName;
    final String tellListenersName;
    final String recoverName;
    final String forgetFailureName;
    final String deferName;
    final String reofferName;
    final String recordHistoryName;
    final String readSnapshotName;

    /**
     * With several timeouts, the field holding their timers and tasks in one object of the nested class
     * {@link #timersType}, made when one is first armed; null with one timeout or none, whose fields are the machine's.
     */
    final String timersField;
    final String timersType;
    /** The current state's ordinal: the machine's only record of its state (see {@link #currentState()}). */
    final String stateOrdinalField;
    /** The cell table's fields ({@link TableDispatchWriter}); null under the nested switch. */
    final String cellsField;
    final String stateCountField;
    final String eventCountField;

    /**
     * @param table whether the machine dispatches through a cell table, and so declares the table's fields
     */
    MachineNames(MachineModel model, boolean table) {
        this.model = model;
        this.stateSuffixes = Identifiers.camel(model.stateNames());
        this.hasPayload = model.payload().isPresent();
        fields.addAll(packageRoots());
        fields.addAll(model.specFieldNames()); // a machine field of that name would hide the spec's from its users
        methods.addAll(model.specMethodNames());
        methods.addAll(API);
        processingField = field("processing", "processing");
        followUpField = field("followUpNeeded", "followUpNeeded");
        queueField = field("queue", "queue");
        listenersField = field("listeners", "listeners");
        eventsField = field("EVENTS", "EVENTS");
        model.stateNames().forEach(name -> field("state " + name, "S_" + name));
        model.eventNames().forEach(name -> field("event " + name, "E_" + name));
        for (TimeoutModel timeout : model.timeouts()) {
            field("timer " + timeout.method(), timeout.method() + "Timer");
            field("task " + timeout.method(), timeout.method() + "Task");
        }
        parentsField = field("PARENTS", "PARENTS");
        model.hierarchy().ifPresent(hierarchy -> {
            for (int state = 0; state < hierarchy.size(); state++) {
                if (hierarchy.history(state) != History.NONE) {
                    historyField(state);
                }
            }
        });
        deferredField = field("deferred", "deferred");
        reofferPendingField = field("reofferPending", "reofferPending");
        reofferingField = field("reoffering", "reoffering");
        deferredNowField = field("deferredNow", "deferredNow");
        snapshotMachineField = field("SNAPSHOT_MACHINE", "SNAPSHOT_MACHINE");
        snapshotLayoutField = field("SNAPSHOT_LAYOUT", "SNAPSHOT_LAYOUT");
        stateValuesField = field("STATE_VALUES", "STATE_VALUES");
        model.snapshot().fields().forEach(this::constantsField);
        decodedDeferredField = field("decodedDeferred", "decodedDeferred");
        stateOrdinalField = field("stateOrdinal", "stateOrdinal");
        cellsField = table ? field("CELLS", "CELLS") : null;
        stateCountField = table ? field("STATE_COUNT", "STATE_COUNT") : null;
        eventCountField = table ? field("EVENT_COUNT", "EVENT_COUNT") : null;
        timersField = model.timeouts().size() > 1 ? field("timers", "timers") : null;
        timersType = nestedTypeName(model, "Timers");
        specFailureType = nestedTypeName(model, "SpecMethodFailure");
        Set<String> qualify = new HashSet<>(model.typeNamesToQualify());
        qualify.addAll(allocatedFields);
        if (timersField != null) {
            qualify.add(timersType); // a type of the user's with that simple name is written qualified
        }
        qualify.add(specFailureType);
        this.types = new Qualifier(qualify);
        this.payloadType = types.type(model.payload().orElse(ClassName.OBJECT));
        unhandledName = method("unhandled", "unhandled");
        drainQueueName = method("drainQueue", "drainQueue");
        cancelAllTimeoutsName = method("cancelAllTimeouts", "cancelAllTimeouts");
        enterInitialStateName = method("enterInitialState", "enterInitialState");
        tellListenersName = method("tellListeners", "tellListeners");
        recoverName = method("recover", "recover");
        forgetFailureName = method("forgetFailure", "forgetFailure");
        deferName = method("defer", "defer");
        reofferName = method("reofferDeferred", "reofferDeferred");
        recordHistoryName = method("recordHistory", "recordHistory");
        readSnapshotName = method("readSnapshot", "readSnapshot");
    }

    /**
     * The first segment of every package whose types generated code names in an expression ({@code State.OPEN},
     * {@code Outcome.HANDLED}, {@code Float.intBitsToFloat}): a field of that name would obscure the package.
     */
    private Set<String> packageRoots() {
        Set<String> roots = new HashSet<>(List.of("io", "java"));
        List<TypeName> named = new java.util.ArrayList<>(List.of(model.stateType(), model.eventType()));
        model.payload().ifPresent(named::add);
        model.snapshot().fields().forEach(field -> named.add(field.type()));
        for (TypeName type : named) {
            if (type instanceof ClassName className && !className.packageName().isEmpty()) {
                roots.add(className.packageName().split("\\.")[0]);
            }
        }
        return roots;
    }

    /** The member named {@code wanted}, or the first free variant of it; the same {@code key} always gets one name. */
    private String allocate(Set<String> taken, String key, String wanted) {
        return allocated.computeIfAbsent(key, unused -> {
            String name = Identifiers.bounded(wanted);
            while (!taken.add(name)) {
                name = name + "_";
            }
            return name;
        });
    }

    private String field(String key, String wanted) {
        String name = allocate(fields, "field " + key, wanted);
        allocatedFields.add(name);
        return name;
    }

    private String method(String key, String wanted) {
        return allocate(methods, "method " + key, wanted);
    }

    /** Every simple name generated code must write qualified: see {@link Qualifier}. */
    Set<String> namesToQualify() {
        Set<String> qualify = new HashSet<>(model.typeNamesToQualify());
        qualify.addAll(allocatedFields);
        return qualify;
    }

    /**
     * An allocator for the locals of one method, which never hands out the name of a generated field (a local of
     * that name would hide the field the method may use) and takes {@code parameters} first, unchanged.
     */
    NameAllocator locals(String... parameters) {
        NameAllocator locals = new NameAllocator();
        allocatedFields.forEach(locals::newName);
        for (String parameter : parameters) {
            locals.newName(parameter, "parameter " + parameter);
        }
        return locals;
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

    /**
     * The current state's enum constant, read off its ordinal. The machine keeps only the ordinal: storing an enum
     * constant is a reference store, which pays the collector's write barrier on every transition (on a plain cell,
     * that barrier cost as much as the whole lookup), and the dispatch switches on the ordinal anyway.
     */
    CodeBlock currentState() {
        return stateAt(stateOrdinalField);
    }

    /**
     * The state whose ordinal {@code ordinal} holds. Dispatch keeps the state it started from as an ordinal, and
     * looks the constant up only for listeners and failures, off the path every event takes.
     */
    CodeBlock stateAt(String ordinal) {
        return CodeBlock.of("$L[$L]", stateValuesField, ordinal);
    }

    /** Sets the current state to the one whose ordinal {@code ordinal} evaluates to. */
    CodeBlock assignState(CodeBlock ordinal) {
        return CodeBlock.builder().addStatement("$L = $L", stateOrdinalField, ordinal).build();
    }

    /** Sets the current state to {@code state}. */
    CodeBlock assignState(String state) {
        return assignState(CodeBlock.of("$L", stateConstant(state)));
    }

    /** Whether some listener is registered: the list is made when the first one is added. */
    CodeBlock anyListener() {
        return CodeBlock.of("$L != null", listenersField);
    }

    /** Whether some event waits in the run-to-completion queue, which is made when the first one is queued. */
    CodeBlock anyQueued() {
        return CodeBlock.of("$L != null && !$L.isEmpty()", queueField, queueField);
    }

    /** The method that runs a cell of the cell table, given its code. */
    String cellMethod() {
        return method("dispatch cell", "dispatchCell");
    }

    /** A part of {@link #cellMethod()}'s switch, when the table has more distinct bodies than one method holds. */
    String cellRangeMethod(int first, int last) {
        return method("dispatch cells " + first + " " + last, "dispatchCells" + first + "To" + last);
    }

    String timerField(TimeoutModel timeout) {
        return field("timer " + timeout.method(), timeout.method() + "Timer");
    }

    String taskField(TimeoutModel timeout) {
        return field("task " + timeout.method(), timeout.method() + "Task");
    }

    /**
     * A nested class's name: {@code base} unless that is the machine's own name or a name generated code must not
     * shadow (a type of the unnamed package cannot be written qualified, so the nested class avoids it).
     */
    private static String nestedTypeName(MachineModel model, String base) {
        String name = base;
        for (int n = 1; name.equals(model.machine().simpleName()) || model.typeNamesToQualify().contains(name); n++) {
            name = "Machine" + base + (n == 1 ? "" : n);
        }
        return name;
    }

    /** Whether the timers and tasks live in a {@link #timersType} object rather than in the machine's own fields. */
    boolean timersApart() {
        return timersField != null;
    }

    /** How code of the machine reaches a timeout's timer: {@code timers.timeWaitTimer}, or {@code timeWaitTimer}. */
    String timerRef(TimeoutModel timeout) {
        return timersApart() ? timersField + "." + timerField(timeout) : timerField(timeout);
    }

    /** How code of the machine reaches a timeout's task. */
    String taskRef(TimeoutModel timeout) {
        return timersApart() ? timersField + "." + taskField(timeout) : taskField(timeout);
    }

    /** Whether a timeout is not running. */
    CodeBlock timerIdle(TimeoutModel timeout) {
        return timersApart()
                ? CodeBlock.of("$L == null || $L == null", timersField, timerRef(timeout))
                : CodeBlock.of("$L == null", timerRef(timeout));
    }

    /** Whether a timeout is armed. */
    CodeBlock timerArmed(TimeoutModel timeout) {
        return timersApart()
                ? CodeBlock.of("$L != null && $L != null", timersField, timerRef(timeout))
                : CodeBlock.of("$L != null", timerRef(timeout));
    }

    /** The field that remembers a composite's last child or leaf, for its history. */
    String historyField(int composite) {
        return field("history " + composite, "historyOf" + stateSuffixes.get(composite));
    }

    /** The constants of an enum-typed {@code @ExtendedState} field, by ordinal, for decoding. */
    String constantsField(SnapshotModel.Field field) {
        return field("constants " + field.declaringClass().canonicalName() + "." + field.name(),
                field.name() + "Constants");
    }

    /** Arms one timeout, unless its method says it is off this time. */
    String armMethod(TimeoutModel timeout) {
        return method("arm timeout " + timeout.method(), "arm" + Identifiers.capitalize(timeout.method()));
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

    /** Arms the timeouts of {@code state}: in a hierarchical machine, before any entry action of the entry set. */
    String armTimeoutsName(StateModel state) {
        return method("arm " + state.ordinal(), "armTimeoutsOf" + stateSuffixes.get(state.ordinal()));
    }

    /** The method that finishes every transition into {@code state} in a flat machine. */
    String enterName(StateModel state) {
        return method("enter " + state.ordinal(), "enter" + stateSuffixes.get(state.ordinal()));
    }

    /** The entry work of {@code state}: its entry actions (and, in a flat machine, its timeouts armed first). */
    String entryName(StateModel state) {
        return method("entry " + state.ordinal(), "runEntryOf" + stateSuffixes.get(state.ordinal()));
    }

    /** Runs the exit actions of {@code leaf} and the states above it, up to (not including) {@code domain}. */
    String leaveName(int leaf, int domain) {
        return method("leave " + leaf + " " + domain, "leave" + stateSuffixes.get(leaf) + within(domain));
    }

    /**
     * Once the actions of a transition from {@code leaf} up to {@code domain} succeeded: records history and stops
     * the timeouts of the states left.
     */
    String finishLeavingName(int leaf, int domain) {
        return method("finish leaving " + leaf + " " + domain,
                "finishLeaving" + stateSuffixes.get(leaf) + within(domain));
    }

    /** Enters the states from below {@code domain} down to {@code leaf}. */
    String enterName(int leaf, int domain) {
        return method("enter path " + leaf + " " + domain, "enter" + stateSuffixes.get(leaf) + within(domain));
    }

    /** Enters {@code composite} from below {@code domain}, then resumes its history. */
    String resumeName(int composite, int domain) {
        return method("resume " + composite + " " + domain, "resume" + stateSuffixes.get(composite) + within(domain));
    }

    /** A check of {@code readSnapshot} in a method of its own ({@link OrdinalSetMethod}). */
    String ordinalSetName(String wanted) {
        return method("ordinal set " + wanted, wanted);
    }

    /** The check of a large enum's constants, outside the static block ({@link OrdinalsCheck}). */
    String verifyOrdinalsName(String key, String what) {
        return method("verify ordinals " + key, "verify" + what + "Ordinals");
    }

    /** A cell body written in a method of its own, out of a switch it would fill ({@link CellOutlining}). */
    String outlinedCellName(String wanted) {
        return method("outlined cell " + wanted, wanted);
    }

    /** Part {@code part} (from 1) of the switch that method {@code first} starts, chained by {@link ChainedSwitch}. */
    String switchPartName(String first, int part) {
        return method("switch part " + first + " " + part, first + "Part" + (part + 1));
    }

    /** The parameters of a dispatch method (the event, and the payload if any), for methods that pass them on. */
    List<ParameterSpec> dispatchParameters() {
        return dispatchSignature("unused").build().parameters();
    }

    private String within(int domain) {
        return domain == HierarchyModel.ROOT ? "" : "Within" + stateSuffixes.get(domain);
    }

    /**
     * The small method through which generated code calls a spec method: on the failure path only, it wraps the
     * exception with which method failed (see {@link FailureWriter}).
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
