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

    /**
     * This layout with a hierarchical machine's section appended: each remembering composite's memory (its ordinal
     * plus one, 0 for nothing yet), then whether the deferred events are due to be offered again, their number and
     * their ordinals, oldest first.
     */
    public SnapshotModel withHierarchy(HierarchyModel hierarchy, List<String> stateNames, List<String> eventNames) {
        StringBuilder text = new StringBuilder(layout);
        for (int composite = 0; composite < hierarchy.size(); composite++) {
            if (hierarchy.history(composite) != io.fsmgen.History.NONE) {
                text.append("; ").append(hierarchy.history(composite).name().toLowerCase(java.util.Locale.ROOT))
                        .append(" history of ").append(stateNames.get(composite)).append(" in ")
                        .append(historyBits(stateNames.size())).append(" bits");
            }
        }
        if (hierarchy.hasDeferrals()) {
            text.append("; deferred events due in 1 bit");
            text.append("; up to ").append(hierarchy.deferLimit()).append(" deferred events of ").append(eventNames)
                    .append(": count in ").append(countBits(hierarchy.deferLimit())).append(" bits, then each in ")
                    .append(eventBits(eventNames.size())).append(" bits");
        }
        String extended = text.toString();
        return new SnapshotModel(machineId, extended.hashCode(), extended, stateBits, fields);
    }

    /** The width of a history memory: a state ordinal plus one (0: nothing remembered yet). */
    public static int historyBits(int states) {
        return bitsFor(states);
    }

    /** The width of the number of deferred events. */
    public static int countBits(int deferLimit) {
        return bitsFor(deferLimit);
    }

    /** The width of one deferred event's ordinal. */
    public static int eventBits(int events) {
        return Math.max(1, bitsFor(events - 1L));
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
