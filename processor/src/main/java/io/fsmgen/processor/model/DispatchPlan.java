package io.fsmgen.processor.model;

import io.fsmgen.Dispatch;
import java.util.OptionalInt;

/**
 * The dispatch shape a machine gets ({@link Dispatch#SWITCH} or {@link Dispatch#TABLE}), with the reason, which the
 * generated class's Javadoc repeats. Under {@link Dispatch#AUTO} the rule is the one measured in
 * {@code BENCHMARKS.md} (size sweep and TCP lives):
 *
 * <ul>
 *   <li>a cell table as soon as the machine has more than {@value #SWITCH_MAX_CELLS} cells. A nested switch's
 *       {@code fire}, with every state's method inlined into it, can compile (C2) to more machine code than HotSpot
 *       inlines into a caller compiled after it ({@code InlineSmallCode}, 2,500 bytes). TCP's, at 198 cells, compiled
 *       to 1,504&ndash;3,232 bytes depending on the profile, so whether an event cost a call depended on which of the
 *       two the JIT compiled first, and JMH forks of the same benchmark differed by up to 2&times;. The 64 is a
 *       margin chosen well below TCP's 198: no action-heavy machine between the two was measured. The table's {@code fire} compiles small (TCP's:
 *       448 bytes), and the cell bodies run in {@code dispatchCell}, split into methods each under the 325 bytes
 *       of bytecode HotSpot inlines into a hot caller, so the JIT inlines the cells a program runs into
 *       {@code fire}, and {@code fire} with them into its caller while that stays small (TCP's server life:
 *       {@code fire} with its cells compiled to 1,056&ndash;1,408 bytes, and was inlined into the benchmark in every
 *       fork). One method of all the bodies (TCP's: 591 bytes) was too big to inline anywhere, and cost a call per
 *       event in every run;
 *   <li>a cell table when at least half the cells are plain (they only change the state, see
 *       {@link #plainTarget}): the lookup finishes those without a branch that irregular input could mispredict;
 *   <li>the nested switch otherwise: a small machine whose cells mostly run actions, where the whole dispatch
 *       inlines into the caller and a table would only add a load in front of the same switch.
 * </ul>
 *
 * <p>A hierarchical machine (composites, deferral) keeps the switch whatever the spec asks: its transitions run
 * entry and exit paths through the composites, which the table's plain cells would skip.
 */
public record DispatchPlan(Dispatch shape, String reason) {

    /** Above this many (state, event) cells, AUTO chooses the table. */
    public static final int SWITCH_MAX_CELLS = 64;

    public static DispatchPlan of(MachineModel model) {
        int cells = model.stateNames().size() * model.eventNames().size();
        int plain = 0;
        for (StateModel state : model.states()) {
            for (int event = 0; event < model.eventNames().size(); event++) {
                if (plainTarget(model, state, event).isPresent()) {
                    plain++;
                }
            }
        }
        String counts = model.stateNames().size() + " states x " + model.eventNames().size() + " events = " + cells
                + " cells, " + plain + " of them plain (they only change the state)";
        if (model.isHierarchical()) {
            // Entering and leaving composites runs along precomputed paths in their own methods, written for the
            // switch; the cell table's plain cells would skip them.
            return new DispatchPlan(Dispatch.SWITCH, "a hierarchical machine keeps the switch, whose entry and exit"
                    + " paths run through its composites; " + counts);
        }
        return switch (model.dispatch()) {
            case SWITCH -> new DispatchPlan(Dispatch.SWITCH, "chosen by the spec (dispatch = SWITCH); " + counts);
            case TABLE -> new DispatchPlan(Dispatch.TABLE, "chosen by the spec (dispatch = TABLE); " + counts);
            case AUTO -> {
                if (cells > SWITCH_MAX_CELLS) {
                    yield new DispatchPlan(Dispatch.TABLE, counts + ": more than " + SWITCH_MAX_CELLS
                            + " cells; a nested switch this size can compile too big to inline into its callers in"
                            + " some runs and not in others (TCP's, at 198 cells, did), while the table's methods each"
                            + " stay small enough for the JIT to inline the cells a program runs into fire");
                }
                if (2 * plain >= cells) {
                    yield new DispatchPlan(Dispatch.TABLE, counts + ": at least half are plain, and the lookup"
                            + " finishes those without a branch that irregular input could mispredict");
                }
                yield new DispatchPlan(Dispatch.SWITCH, counts + ": a small machine whose cells mostly run actions,"
                        + " whose whole dispatch inlines into its callers");
            }
        };
    }

    /**
     * The state a cell leads to when the cell is plain: decided by one row without guard or action, whose
     * transition runs no exit or entry work (an internal row, or an external one between states without such work).
     * Such a cell only sets the state; empty for any other cell, and for an event the state does not handle.
     */
    public static OptionalInt plainTarget(MachineModel model, StateModel state, int event) {
        for (CellModel cell : state.cells()) {
            if (cell.event() != event) {
                continue;
            }
            if (cell.rows().size() != 1) {
                return OptionalInt.empty();
            }
            RowModel row = cell.rows().get(0);
            if (row.guard().isPresent() || !row.actions().isEmpty()) {
                return OptionalInt.empty();
            }
            if (row.isInternal()) {
                return OptionalInt.of(state.ordinal());
            }
            StateModel target = model.states().get(row.target().get());
            return state.hasExitWork() || target.hasEntryWork() ? OptionalInt.empty()
                    : OptionalInt.of(target.ordinal());
        }
        return OptionalInt.empty();
    }
}
