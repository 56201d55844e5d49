package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.SnapshotModel;
import io.fsmgen.processor.model.SnapshotModel.Field;
import io.fsmgen.processor.model.TimeoutModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes what makes a machine {@code io.fsmgen.Capturable}: {@code encode} and {@code decode} of its whole state into
 * and from a {@code StateBits}, allocation-free, and {@code snapshot()} and {@code restore(Snapshot)} on top of them.
 *
 * <p><b>The encoding</b>, in this order (the generated {@code encode} lists the widths of its machine):
 * <ol>
 *   <li>the state ordinal, in {@link SnapshotModel#stateBits()} bits;
 *   <li>one bit per timeout of {@link MachineModel#timeouts()}, in that order: armed or not;
 *   <li>each field of {@link SnapshotModel#fields()}: {@code boolean} 1 bit; integral {@code value - min} in
 *       {@code bitsFor(max - min)}; {@code float}/{@code double} raw IEEE bits; enum {@code ordinal + 1} (0 for null)
 *       in {@code bitsFor(constants)}.
 * </ol>
 * <b>Extending it</b> (history memories, deferred events): append a section after the fields in both
 * {@code encode} and the private {@code readSnapshot} (read into locals and validate before the "apply" comment, assign
 * after it, so a bad snapshot changes nothing), and describe it in {@link SnapshotModel#layout()} so that snapshots
 * taken without it are rejected.
 *
 * <p>These methods are the explorer's and persistence's; {@code fire} never calls them, so they cost the hot path
 * nothing. Spec fields are reached as {@code super.name}, which a machine field of the same name cannot hide; the
 * machine's own fields and helpers are named by {@link MachineNames}, and the locals here never take a field's name.
 */
final class SnapshotWriter {

    /** The most states a generated condition lists, joined with {@code &&}; more are listed as case labels. */
    static final int MAX_CONDITION_TERMS = 64;

    private static final ClassName CAPTURABLE = ClassName.get("io.fsmgen", "Capturable");
    private static final ClassName STATE_BITS = ClassName.get("io.fsmgen", "StateBits");
    private static final ClassName SNAPSHOT = ClassName.get("io.fsmgen", "Snapshot");

    private final MachineModel model;
    private final SnapshotModel snapshot;
    private final MachineNames names;
    private final HookWriter hooks;
    private final String simpleName;
    private final String readAndApplyName;
    /** The section a hierarchical machine appends: history memories and deferred events. */
    private final java.util.Optional<HierarchySnapshot> hierarchy;
    /** The checks {@code readSnapshot} calls, written while it is ({@link OrdinalSetMethod}). */
    private final List<MethodSpec> predicates = new ArrayList<>();

    SnapshotWriter(MachineModel model, MachineNames names, HookWriter hooks) {
        this.model = model;
        this.snapshot = model.snapshot();
        this.names = names;
        this.hooks = hooks;
        this.simpleName = model.machine().simpleName();
        this.readAndApplyName = names.readSnapshotName;
        this.hierarchy = model.isHierarchical()
                ? java.util.Optional.of(new HierarchySnapshot(model, names))
                : java.util.Optional.empty();
    }

    /** Adds the interface, the constants and the methods. */
    void addTo(TypeSpec.Builder type) {
        type.addSuperinterface(names.type(CAPTURABLE));
        type.addField(constant(TypeName.INT, names.snapshotMachineField, CodeBlock.of("$L", hex(snapshot.machineId())),
                "Hash of this class's qualified name: where a snapshot comes from."));
        type.addField(constant(TypeName.INT, names.snapshotLayoutField, CodeBlock.of("$L", hex(snapshot.layoutId())),
                "Fingerprint of the layout: " + escape(snapshot.layout()) + "."));
        CodeBlock.Builder verify = CodeBlock.builder();
        for (Field field : snapshot.fields()) {
            if (field.kind() == SnapshotModel.Kind.ENUM) {
                TypeName enumType = names.type(field.type());
                type.addField(constant(ArrayTypeName.of(enumType), names.constantsField(field),
                        CodeBlock.of("$T.values()", enumType),
                        "The constants of extended-state field {@code " + field.name() + "}, for decode."));
                verify.add(OrdinalsCheck.verify(names, enumType, field.constants(), () -> names.verifyOrdinalsName(
                        "field " + field.name(), Identifiers.capitalize(field.name())), type));
            }
        }
        if (!verify.isEmpty()) {
            type.addStaticBlock(CodeBlock.builder()
                    .add("// Extended state is stored by ordinal: fail fast if its enums changed too.\n")
                    .add(verify.build())
                    .build());
        }
        hierarchy.ifPresent(h -> type.addFields(h.fields()));
        type.addMethod(encode());
        type.addMethod(decode());
        type.addMethod(takeSnapshot());
        type.addMethod(restore());
        type.addMethod(readAndApply());
        type.addMethods(predicates);
    }

    private CodeBlock stateLabel(int state) {
        return CodeBlock.of("$L", names.stateConstant(model.stateNames().get(state)));
    }

    private MethodSpec encode() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("encode")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .addParameter(names.type(STATE_BITS), "out")
                .addJavadoc(layoutJavadoc())
                .addCode(requireNonNull("out"))
                .addCode(rejectWhileProcessing("encode"))
                .addStatement("out.write($L, $L)", names.stateOrdinalField, snapshot.stateBits());
        for (TimeoutModel timeout : model.timeouts()) {
            method.addStatement("out.write($L ? 1L : 0L, 1)", names.timerArmed(timeout));
        }
        NameAllocator locals = names.locals("out");
        for (Field field : snapshot.fields()) {
            method.addCode(encodeField(field, locals));
        }
        hierarchy.ifPresent(h -> method.addCode(h.encode(locals)));
        return method.build();
    }

    private CodeBlock encodeField(Field field, NameAllocator locals) {
        String value = "super." + field.name();
        switch (field.kind()) {
            case BOOLEAN:
                return CodeBlock.of("out.write($L ? 1L : 0L, 1);\n", value);
            case FLOAT:
                return CodeBlock.of("out.write($T.floatToRawIntBits($L) & 0xFFFF_FFFFL, 32);\n",
                        names.type(Float.class), value);
            case DOUBLE:
                return CodeBlock.of("out.write($T.doubleToRawLongBits($L), 64);\n", names.type(Double.class), value);
            case ENUM:
                return CodeBlock.of("out.write($L == null ? 0L : $L.ordinal() + 1L, $L);\n", value, value,
                        field.bits());
            default:
                break;
        }
        if (fullRange(field)) {
            return CodeBlock.of("out.write($L, $L);\n", minus(value, field.min()), field.bits());
        }
        String local = locals.newName(field.name());
        List<String> outside = new ArrayList<>();
        if (field.min() != Long.MIN_VALUE) {
            outside.add(local + " < " + longLiteral(field.min()));
        }
        if (field.max() != Long.MAX_VALUE) {
            outside.add(local + " > " + longLiteral(field.max()));
        }
        return CodeBlock.builder()
                .addStatement("long $L = $L", local, value)
                .beginControlFlow("if ($L)", String.join(" || ", outside))
                .addStatement("throw new $T($S + $L + $S)", names.type(IllegalStateException.class),
                        simpleName + ": extended-state field " + field.name() + " = ", local,
                        " is outside its declared range " + field.min() + ".." + field.max())
                .endControlFlow()
                .addStatement("out.write($L, $L)", minus(local, field.min()), field.bits())
                .build();
    }

    /** {@code value - min} as a reader would write it: {@code value + 128L} rather than {@code value - -128L}. */
    private static String minus(String value, long min) {
        if (min == 0) {
            return value;
        }
        if (min == Long.MIN_VALUE) {
            return value + " - 0x8000000000000000L";
        }
        return min < 0 ? value + " + " + (-min) + "L" : value + " - " + min + "L";
    }

    /** {@code min + raw}, the inverse of {@link #minus}. */
    private static String plus(long min, String raw) {
        if (min == 0) {
            return raw;
        }
        return longLiteral(min) + " + " + raw;
    }

    private MethodSpec decode() {
        return MethodSpec.methodBuilder("decode")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .addParameter(names.type(STATE_BITS), "in")
                .addStatement("$L(in, false)", readAndApplyName)
                .build();
    }

    private MethodSpec takeSnapshot() {
        return MethodSpec.methodBuilder("snapshot")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .returns(names.type(SNAPSHOT))
                .addStatement("$T bits = new $T()", names.type(STATE_BITS), names.type(STATE_BITS))
                .addStatement("encode(bits)")
                .addStatement("return $T.of($L, $L, bits)", names.type(SNAPSHOT), names.snapshotMachineField,
                        names.snapshotLayoutField)
                .build();
    }

    private MethodSpec restore() {
        return MethodSpec.methodBuilder("restore")
                .addAnnotation(names.type(Override.class))
                .addModifiers(Modifier.PUBLIC)
                .addParameter(names.type(SNAPSHOT), "snapshot")
                .addCode(requireNonNull("snapshot"))
                .addStatement("$L(snapshot.bitsFor($L, $L, $S), true)", readAndApplyName, names.snapshotMachineField,
                        names.snapshotLayoutField, model.qualifiedName())
                .build();
    }

    /**
     * Reads every value into a local and checks it, then assigns them all: a bad snapshot throws before anything
     * changed. With {@code whole}, the bits must end exactly where the layout does.
     */
    private MethodSpec readAndApply() {
        NameAllocator locals = names.locals("in", "whole");
        String stateLocal = locals.newName("ordinal");
        MethodSpec.Builder method = MethodSpec.methodBuilder(readAndApplyName)
                .addJavadoc("Reads the layout of {@link #encode}, checks every value, then applies them all; with"
                        + " {@code whole}, nothing may follow.\n")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(names.type(STATE_BITS), "in")
                .addParameter(TypeName.BOOLEAN, "whole")
                .addCode(requireNonNull("in"))
                .addCode(rejectWhileProcessing("decode"))
                .addStatement("int $L = (int) in.read($L)", stateLocal, snapshot.stateBits());
        if (model.stateNames().size() < (1L << snapshot.stateBits())) {
            method.beginControlFlow("if ($L >= $L)", stateLocal, model.stateNames().size())
                    .addStatement("throw new $T($S + $L + $S)", names.type(IllegalArgumentException.class),
                            simpleName + ": the snapshot holds state ordinal ", stateLocal,
                            ", but " + model.stateType().simpleName() + " has " + model.stateNames().size()
                                    + " constants")
                    .endControlFlow();
        }
        List<String> armed = new ArrayList<>();
        for (TimeoutModel timeout : model.timeouts()) {
            String local = locals.newName(Identifiers.bounded(timeout.method() + "Armed"));
            armed.add(local);
            method.addStatement("boolean $L = in.read(1) != 0", local);
            List<Integer> running = hierarchy.map(h -> h.leavesWithin(timeout.states())).orElse(timeout.states());
            CodeBlock refuse = CodeBlock.builder()
                    .addStatement("throw new $T($S + $L + $S)", names.type(IllegalArgumentException.class),
                            simpleName + ": the snapshot has timeout " + timeout.method() + "() armed in state ",
                            names.stateAt(stateLocal), ", where it does not run")
                    .build();
            if (running.size() <= MAX_CONDITION_TERMS) {
                String elsewhere = running.stream()
                        .map(state -> stateLocal + " != " + names.stateConstant(model.stateNames().get(state)))
                        .collect(Collectors.joining(" && "));
                method.beginControlFlow("if ($L && $L)", local, elsewhere).addCode(refuse).endControlFlow();
            } else {
                // Case labels in a method of their own: a condition of thousands of terms overflows javac's stack,
                // and the labels of several timeouts would fill this method.
                String runsIn = names.ordinalSetName(timeout.method() + "RunsIn");
                predicates.add(OrdinalSetMethod.of(runsIn, "The states where timeout {@code " + timeout.method()
                        + "()} runs.", running.stream().map(this::stateLabel).toList()));
                method.beginControlFlow("if ($L && !$L($L))", local, runsIn, stateLocal).addCode(refuse)
                        .endControlFlow();
            }
        }
        List<String> values = new ArrayList<>();
        for (Field field : snapshot.fields()) {
            String local = locals.newName(field.name());
            values.add(local);
            method.addCode(readField(field, local, locals));
        }
        List<String> historyLocals = new ArrayList<>();
        String[] deferredCount = new String[1];
        hierarchy.ifPresent(h -> method.addCode(h.read(stateLocal, locals, historyLocals, deferredCount, predicates)));
        method.beginControlFlow("if (whole && in.remaining() != 0)")
                .addStatement("throw new $T($S + in.remaining() + $S)", names.type(IllegalArgumentException.class),
                        simpleName + ": the snapshot holds ", " bits more than the layout reads")
                .endControlFlow();
        method.addComment("Every value is valid: apply.");
        if (!model.timeouts().isEmpty()) {
            method.addStatement("$L()", names.cancelAllTimeoutsName);
        }
        method.addCode(names.assignState(CodeBlock.of("$L", stateLocal)));
        for (int i = 0; i < snapshot.fields().size(); i++) {
            method.addStatement("super.$L = $L", snapshot.fields().get(i).name(), values.get(i));
        }
        hierarchy.ifPresent(h -> method.addCode(h.apply(historyLocals, deferredCount[0], locals)));
        for (int i = 0; i < model.timeouts().size(); i++) {
            method.beginControlFlow("if ($L)", armed.get(i))
                    .addCode(hooks.armTimeout(model.timeouts().get(i)))
                    .endControlFlow();
        }
        return method.build();
    }

    private CodeBlock readField(Field field, String local, NameAllocator locals) {
        switch (field.kind()) {
            case BOOLEAN:
                return CodeBlock.of("boolean $L = in.read(1) != 0;\n", local);
            case FLOAT:
                return CodeBlock.of("float $L = $T.intBitsToFloat((int) in.read(32));\n", local,
                        names.type(Float.class));
            case DOUBLE:
                return CodeBlock.of("double $L = $T.longBitsToDouble(in.read(64));\n", local,
                        names.type(Double.class));
            case ENUM: {
                String raw = locals.newName(field.name() + "Stored");
                CodeBlock.Builder code = CodeBlock.builder()
                        .addStatement("int $L = (int) in.read($L)", raw, field.bits());
                if (field.constants().size() + 1 < (1L << field.bits())) {
                    code.beginControlFlow("if ($L > $L)", raw, field.constants().size())
                            .addStatement("throw new $T($S + ($L - 1) + $S)", names.type(IllegalArgumentException.class),
                                    simpleName + ": the snapshot holds ordinal ", raw, " for extended-state field "
                                            + field.name() + ", but " + ((ClassName) field.type()).simpleName()
                                            + " has " + field.constants().size() + " constants")
                            .endControlFlow();
                }
                return code.addStatement("$T $L = $L == 0 ? null : $L[$L - 1]", names.type(field.type()), local, raw,
                                names.constantsField(field), raw)
                        .build();
            }
            default:
                break;
        }
        String raw = locals.newName(field.name() + "Stored");
        CodeBlock.Builder code = CodeBlock.builder().addStatement("long $L = in.read($L)", raw, field.bits());
        long span = field.max() - field.min(); // unsigned
        long mask = field.bits() == 64 ? -1L : (1L << field.bits()) - 1;
        if (span != mask) {
            String tooLarge = field.bits() == 64
                    ? CodeBlock.of("$T.compareUnsigned($L, $L) > 0", names.type(Long.class), raw, longLiteral(span))
                            .toString()
                    : raw + " > " + longLiteral(span);
            code.beginControlFlow("if ($L)", tooLarge)
                    .addStatement("throw new $T($S + ($L) + $S)", names.type(IllegalArgumentException.class),
                            simpleName + ": the snapshot holds ", plus(field.min(), raw),
                            " for extended-state field " + field.name() + ", outside its declared range "
                                    + field.min() + ".." + field.max())
                    .endControlFlow();
        }
        if (field.type().equals(TypeName.LONG)) {
            return code.addStatement("long $L = $L", local, plus(field.min(), raw)).build();
        }
        String sum = field.min() == 0 ? raw : "(" + plus(field.min(), raw) + ")";
        return code.addStatement("$T $L = ($T) $L", field.type(), local, field.type(), sum).build();
    }

    private CodeBlock requireNonNull(String parameter) {
        return CodeBlock.builder()
                .beginControlFlow("if ($L == null)", parameter)
                .addStatement("throw new $T($S)", names.type(NullPointerException.class), parameter)
                .endControlFlow()
                .build();
    }

    private CodeBlock rejectWhileProcessing(String method) {
        return CodeBlock.builder()
                .beginControlFlow("if ($L)", names.processingField)
                .addStatement("throw new $T($S)", names.type(IllegalStateException.class),
                        simpleName + "." + method + "() called while an event is being processed")
                .endControlFlow()
                .build();
    }

    private CodeBlock layoutJavadoc() {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("Appends this machine's state to {@code out}, in $L bits:\n<ol>\n", totalBits())
                .add("  <li>the state ordinal: $L bits\n", snapshot.stateBits());
        for (TimeoutModel timeout : model.timeouts()) {
            doc.add("  <li>{@code $L()} armed: 1 bit\n", timeout.method());
        }
        for (Field field : snapshot.fields()) {
            doc.add("  <li>{@code $L} ($L$L): $L bits\n", field.name(), field.type(),
                    field.kind() == SnapshotModel.Kind.INTEGRAL && !fullRange(field)
                            ? ", " + field.min() + ".." + field.max() : "",
                    field.bits());
        }
        hierarchy.ifPresent(h -> doc.add(h.javadoc()));
        return doc.add("</ol>\n").build();
    }

    private int totalBits() {
        return snapshot.stateBits() + model.timeouts().size()
                + snapshot.fields().stream().mapToInt(Field::bits).sum()
                + hierarchy.map(HierarchySnapshot::bits).orElse(0);
    }

    /** Whether the field's range is its type's whole range, so every stored value is valid. */
    private static boolean fullRange(Field field) {
        TypeName type = field.type();
        long[] limits = type.equals(TypeName.BYTE) ? new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE}
                : type.equals(TypeName.SHORT) ? new long[] {Short.MIN_VALUE, Short.MAX_VALUE}
                : type.equals(TypeName.CHAR) ? new long[] {Character.MIN_VALUE, Character.MAX_VALUE}
                : type.equals(TypeName.INT) ? new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE}
                : new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        return field.min() == limits[0] && field.max() == limits[1];
    }

    private static FieldSpec constant(TypeName type, String name, CodeBlock initializer, String javadoc) {
        return FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", javadoc)
                .initializer(initializer)
                .build();
    }

    private static String longLiteral(long value) {
        return value == Long.MIN_VALUE ? "0x8000000000000000L" : value + "L";
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }

    private static String escape(String text) {
        return text.replace("*/", "*&#47;");
    }
}
