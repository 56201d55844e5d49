package io.fsmgen.processor.codegen;

import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.PathModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.model.StateModel;
import java.util.Optional;

/**
 * Refuses, with an error on the spec, the two shapes whose code must stay in one method and could still pass the
 * JVM's 64 KB per method: one cell's rows, tried in order in one method however long ({@link CellOutlining} moves a
 * long cell out of its switch, but cannot split it); and the snapshot's reader, which checks every
 * {@code @ExtendedState} field before it applies any, so that a bad snapshot changes nothing. Everything else that
 * grows with a spec is chained over several methods ({@link ChainedSwitch}). Without this check such a spec failed
 * inside the generated class, with javac's "code too large".
 *
 * <p>Both bounds are far beyond hand-written machines, and chosen below what was measured to break: a cell of 4,200
 * guarded rows, each with one action, and 1,200 range-checked fields (about 55 bytes of bytecode each; 1,000 took
 * the reader to 54,065 bytes).
 */
final class MethodSizeLimits {

    /** The most {@code @ExtendedState} fields a machine's snapshot reader checks in its one method. */
    static final int MAX_FIELDS = 1_000;

    /** The most bytecode one cell's method may be estimated at, under the JVM's 65,535 with room for its frame. */
    static final int MAX_CELL_BYTES = 60_000;

    private MethodSizeLimits() {}

    /** The error for the first shape past its bound; empty when the machine fits. */
    static Optional<String> check(MachineModel model) {
        int fields = model.snapshot().fields().size();
        if (fields > MAX_FIELDS) {
            return Optional.of("[FsmTooLarge] " + String.format("%,d", fields) + " @ExtendedState fields: the"
                    + " generated " + model.machine().simpleName() + " checks every field of a snapshot in one method"
                    + " before applying any, and past " + String.format("%,d", MAX_FIELDS) + " fields that method"
                    + " would pass the JVM's 64 KB; keep at most " + String.format("%,d", MAX_FIELDS)
                    + " fields, or split the machine");
        }
        for (StateModel state : model.states()) {
            for (CellModel cell : state.cells()) {
                int bytes = cellBytes(state, cell, model.payload().isPresent());
                if (bytes > MAX_CELL_BYTES) {
                    return Optional.of("[FsmTooLarge] the cell (" + state.name() + ", "
                            + model.eventNames().get(cell.event()) + ") tries "
                            + String.format("%,d", cell.rows().size()) + " rows in one method of about " + String.format("%,d", bytes) + " bytes of bytecode,"
                            + " more than the JVM's 64 KB per method; give the event fewer rows in that state");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * An upper estimate of the bytecode of one cell of {@code state}, its rows tried in order: for this check, and
     * for how many cells {@link TableDispatchWriter} puts in one method so that the JIT can inline it.
     */
    static int cellBytes(StateModel state, CellModel cell, boolean payload) {
        return cell.rows().stream().mapToInt(row -> rowBytes(state, row, payload)).sum();
    }

    /**
     * An upper estimate of one row's bytecode, as {@link DispatchWriter} writes it: a guard's call and branch (eight
     * bytes, for a guarded row); a call of five for each action, which takes at most one argument; and for each step of
     * the transition itself a call of five, seven with a payload, which those steps take with the event
     * ({@code return enterOn(event, payload);}). The steps: the state it enters (or an internal row's return), and
     * either the exits, history records and entries on its path or, in a flat machine, the source's exit and the
     * stopping of its timeouts. A cell of 4,200 rows of one guard and one action measured about 15 bytes a row,
     * estimated here at 18.
     */
    private static int rowBytes(StateModel source, RowModel row, boolean payload) {
        int steps = 1;
        if (row.path().isPresent()) {
            PathModel path = row.path().get();
            steps += path.exits().size() + path.records().size() + path.entries().size();
        } else if (row.target().isPresent()) {
            steps += (source.exitActions().isEmpty() ? 0 : 1) + (source.timeouts().isEmpty() ? 0 : 1);
        }
        return (row.guard().isPresent() ? 8 : 0) + 5 * row.actions().size() + (payload ? 7 : 5) * steps;
    }
}
