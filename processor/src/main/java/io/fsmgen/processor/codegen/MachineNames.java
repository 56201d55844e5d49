package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.StateModel;
import io.fsmgen.processor.model.TimeoutModel;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The names and signatures of everything the generated class declares for itself, in one place, so that the writers
 * of dispatch, hooks and API agree on them. Private helpers never reuse a name the spec already has: the spec's
 * method would clash or be hidden.
 */
final class MachineNames {

    private final MachineModel model;
    private final List<String> stateSuffixes;
    private final boolean hasPayload;
    private final TypeName payloadType;
    final String unhandledName;
    final String drainQueueName;
    final String cancelAllTimeoutsName;
    final String enterInitialStateName;
    final String tellListenersName;
    final String deferName;
    final String reofferName;

    /** The static array of the states by ordinal, which decoding a snapshot and the cell table both read. */
    static final String STATE_VALUES = "STATE_VALUES";

    /** Whether the machine keeps {@code stateOrdinal} beside {@code state}, for the cell table's lookup. */
    final boolean tracksOrdinal;

    MachineNames(MachineModel model, boolean tracksOrdinal) {
        this.model = model;
        this.tracksOrdinal = tracksOrdinal;
        this.stateSuffixes = Identifiers.uniqueCamel(model.stateNames());
        this.hasPayload = model.payload().isPresent();
        this.payloadType = model.payload().orElse(ClassName.OBJECT);
        this.unhandledName = helper("unhandled");
        this.drainQueueName = helper("drainQueue");
        this.cancelAllTimeoutsName = helper("cancelAllTimeouts");
        this.enterInitialStateName = helper("enterInitialState");
        this.tellListenersName = helper("tellListeners");
        this.deferName = helper("defer");
        this.reofferName = helper("reofferDeferred");
    }

    boolean hasPayload() {
        return hasPayload;
    }

    TypeName payloadType() {
        return payloadType;
    }

    /**
     * The name of a private helper: {@code base}, unless the spec already has a method of that name, in which case
     * trailing underscores keep the two apart (the spec's method must not be hidden or clash).
     */
    String helper(String base) {
        String name = base;
        while (model.specMethodNames().contains(name)) {
            name = name + "_";
        }
        return name;
    }

    /**
     * Sets the current state: {@code state}, and under the cell table its ordinal too, read by the next lookup
     * without a load through the enum constant.
     */
    CodeBlock assignState(CodeBlock value, CodeBlock ordinal) {
        return assignState("", value, ordinal);
    }

    /** As {@link #assignState(CodeBlock, CodeBlock)}, each field qualified by {@code qualifier} (say {@code "this."}). */
    CodeBlock assignState(String qualifier, CodeBlock value, CodeBlock ordinal) {
        CodeBlock.Builder code = CodeBlock.builder().addStatement("$Lstate = $L", qualifier, value);
        if (tracksOrdinal) {
            code.addStatement("$LstateOrdinal = $L", qualifier, ordinal);
        }
        return code.build();
    }

    static String stateConstant(String name) {
        return "S_" + name;
    }

    static String eventConstant(String name) {
        return "E_" + name;
    }

    static String timerField(TimeoutModel timeout) {
        return timeout.method() + "Timer";
    }

    static String taskField(TimeoutModel timeout) {
        return timeout.method() + "Task";
    }

    String expiredMethod(TimeoutModel timeout) {
        return helper("on" + Identifiers.capitalize(timeout.method()) + "Expired");
    }

    String dispatchArguments() {
        return hasPayload ? "event, payload" : "event";
    }

    MethodSpec.Builder dispatchSignature(String name) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.BOOLEAN)
                .addParameter(model.eventType(), "event");
        if (hasPayload) {
            method.addParameter(payloadType, "payload");
        }
        return method;
    }

    String stateMethod(StateModel state, int part) {
        return helper("dispatchIn" + stateSuffixes.get(state.ordinal()) + (part == 0 ? "" : "Part" + (part + 1)));
    }

    String dispatchName(int part) {
        return helper(part == 0 ? "dispatch" : "dispatchPart" + (part + 1));
    }

    String exitName(StateModel state) {
        return helper("runExitOf" + stateSuffixes.get(state.ordinal()));
    }

    /** The method that finishes every transition into {@code state}. */
    String enterName(StateModel state) {
        return helper("enter" + stateSuffixes.get(state.ordinal()));
    }

    String entryName(StateModel state) {
        return helper("runEntryOf" + stateSuffixes.get(state.ordinal()));
    }

    /** The field that remembers a composite's last child or leaf, for its history. */
    String historyField(int composite) {
        return "historyOf" + stateSuffixes.get(composite);
    }

    /** The method that leaves {@code leaf} and the states above it, up to (not including) {@code domain}. */
    String leaveName(int leaf, int domain) {
        return helper("leave" + stateSuffixes.get(leaf) + within(domain));
    }

    /** The method that enters the states from below {@code domain} down to {@code leaf}. */
    String enterName(int leaf, int domain) {
        return helper("enter" + stateSuffixes.get(leaf) + within(domain));
    }

    /** The method that enters {@code composite} from below {@code domain}, then resumes its history. */
    String resumeName(int composite, int domain) {
        return helper("resume" + stateSuffixes.get(composite) + within(domain));
    }

    private String within(int domain) {
        return domain < 0 ? "" : "Within" + stateSuffixes.get(domain);
    }

    static String call(CallModel call) {
        return switch (call.argument()) {
            case NONE -> call.method() + "()";
            case EVENT -> call.method() + "(event)";
            case PAYLOAD -> call.method() + "(payload)";
        };
    }

    MethodSpec.Builder hookSignature(String name) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(model.eventType(), "event");
        if (hasPayload) {
            method.addParameter(payloadType, "payload");
        }
        return method;
    }
}
