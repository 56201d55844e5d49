package io.fsmgen.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * What a machine's snapshot holds and how it is laid out, as {@link io.fsmgen.Capturable} documents it: the state
 * ordinal, one bit per timeout, then the {@code @ExtendedState} fields.
 *
 * @param machineId the hash of the machine's qualified name, which a snapshot carries to say where it comes from
 * @param layoutId the hash of {@link #layout}, which a snapshot carries to say how it was laid out
 * @param layout everything the encoding depends on, in words: the states, the timeouts and where they run, the fields
 *     with their types, ranges and enum constants. Any change to it changes {@link #layoutId}, so an old snapshot is
 *     rejected instead of misread. An extension that adds a section to the encoding adds its description here.
 * @param stateBits the width of the state ordinal
 * @param fields the captured fields, the topmost superclass's first, then in declaration order
 */
public record SnapshotModel(int machineId, int layoutId, String layout, int stateBits, List<Field> fields) {

    public SnapshotModel {
        fields = List.copyOf(fields);
    }

    /**
     * The model of {@code machine}'s snapshot: computes the widths and the layout fingerprint.
     *
     * @param timeouts as the machine arms them, in declaration order
     */
    public static SnapshotModel of(ClassName machine, ClassName stateType, List<String> stateNames,
            List<TimeoutModel> timeouts, List<Field> fields) {
        int stateBits = bitsFor(stateNames.size() - 1L);
        StringBuilder layout = new StringBuilder("fsmgen snapshot 1; state ")
                .append(stateType.canonicalName()).append(stateNames).append(" in ").append(stateBits).append(" bits");
        for (TimeoutModel timeout : timeouts) {
            layout.append("; timeout ").append(timeout.method()).append(" armed in ")
                    .append(timeout.states().stream().map(stateNames::get).toList()).append(" in 1 bit");
        }
        for (Field field : fields) {
            layout.append("; field ").append(field.declaringClass().canonicalName()).append('.').append(field.name())
                    .append(' ').append(field.type()).append(field.kind() == Kind.ENUM ? field.constants().toString()
                            : field.kind() == Kind.INTEGRAL ? " " + field.min() + ".." + field.max() : "")
                    .append(" in ").append(field.bits()).append(" bits");
        }
        String text = layout.toString();
        return new SnapshotModel(machine.canonicalName().hashCode(), text.hashCode(), text, stateBits, fields);
    }

    /** The number of bits that hold every value from 0 to {@code largest}, read as unsigned. */
    public static int bitsFor(long largest) {
        return 64 - Long.numberOfLeadingZeros(largest);
    }

    /** How a field is written into the bits. */
    public enum Kind {
        /** One bit. */
        BOOLEAN,
        /** {@code byte}, {@code short}, {@code char}, {@code int} or {@code long}: {@code value - min}. */
        INTEGRAL,
        /** Raw IEEE bits: 32. */
        FLOAT,
        /** Raw IEEE bits: 64. */
        DOUBLE,
        /** {@code ordinal + 1}, 0 for null. */
        ENUM
    }

    /**
     * One captured field.
     *
     * @param declaringClass the spec or superclass that declares it
     * @param type the field's type: a primitive, or the enum's class name
     * @param min the smallest value of an integral field (its declared or its type's)
     * @param max the largest value of an integral field
     * @param constants an enum's constants, in order; empty otherwise
     * @param bits the width in the encoding
     */
    public record Field(String name, ClassName declaringClass, Kind kind, TypeName type, long min, long max,
            List<String> constants, int bits) {

        public Field {
            constants = List.copyOf(constants);
        }
    }
}
