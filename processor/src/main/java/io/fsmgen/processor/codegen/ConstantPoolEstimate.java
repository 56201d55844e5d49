package io.fsmgen.processor.codegen;

import com.palantir.javapoet.TypeSpec;
import io.fsmgen.processor.model.MachineModel;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a spec whose machine needs more constant-pool entries than a class file holds (65,535), with an error on
 * the spec instead of javac's "too many constants" inside the generated class. Code that does not fit one method is
 * split ({@link ChainedSwitch}); the constant pool belongs to the whole class and cannot be.
 *
 * <p>The count is an estimate from what dominates it: each generated method costs its name and, since it is called,
 * a method reference and its name-and-type (three entries); each field its name and its constant or reference (two);
 * each name {@code Ordinals.verify} lists, a string and its text (two): the states', the events', and the constants of
 * every {@code @ExtendedState} enum, which can be as many again (a class file keeps one entry per distinct text, so a
 * name listed twice counts once). Against javap's count
 * on flat, timed and hierarchical machines of 200 to 4,000 states it was at most 0.2 % low and 0.5 % high above
 * 10,000 entries (far higher on small machines, where it does not matter), so a machine is refused from 1 % below
 * the limit. A composite with history over 3,700 leaves, each with two timeouts and an entry action, needed about
 * 71,000 entries, while its enum still compiled; 3,300 such leaves (63,625 entries) compile.
 */
final class ConstantPoolEstimate {

    /** The most entries a class file's constant pool holds. */
    static final int LIMIT = 65_535;

    /** The entries every machine needs whatever its size: its API, the runtime types, messages. */
    private static final int BASE = 300;

    private ConstantPoolEstimate() {}

    static int of(TypeSpec type, MachineModel model) {
        return BASE + members(type) + 2 * (model.stateNames().size() + model.eventNames().size())
                + 2 * extendedStateConstants(model);
    }

    /** The distinct names of the {@code @ExtendedState} enums' constants that are not a state's or event's. */
    private static int extendedStateConstants(MachineModel model) {
        Set<String> constants = new HashSet<>();
        model.snapshot().fields().forEach(field -> constants.addAll(field.constants()));
        model.stateNames().forEach(constants::remove);
        model.eventNames().forEach(constants::remove);
        return constants.size();
    }

    private static int members(TypeSpec type) {
        int entries = 3 * type.methodSpecs().size() + 2 * type.fieldSpecs().size();
        for (TypeSpec nested : type.typeSpecs()) {
            entries += members(nested);
        }
        return entries;
    }

    /** The error for a machine past the limit; empty for one that fits. */
    static Optional<String> check(TypeSpec type, MachineModel model) {
        int entries = of(type, model);
        if (entries + entries / 100 <= LIMIT) {
            return Optional.empty();
        }
        return Optional.of("[FsmTooLarge] the generated " + model.machine().simpleName() + " would need about "
                + String.format("%,d", entries) + " constant-pool entries (" + model.stateNames().size()
                + " states, " + model.eventNames().size() + " events, " + type.methodSpecs().size()
                + " methods), more than the 65,535 a class file holds; split the machine into smaller ones");
    }
}
