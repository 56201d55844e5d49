package io.fsmgen.check;

import io.fsmgen.StateBits;
import java.util.List;

/**
 * The explored state space as a graph whose edges are never stored: a state's successor by a move is computed again,
 * by decoding the state into the system's one mutable world, applying the move, and finding the result in the store.
 * The fairness analysis reads the graph only through this, so its cost is the number of {@link #successor} calls.
 */
final class StateGraph {

    /** What {@link #successor} answers for a move that is not enabled. */
    static final int DISABLED = -1;
    /** What {@link #successor} answers for a move whose result was not stored: beyond a bound, or a failure. */
    static final int BEYOND_BOUNDS = -2;

    private final ClosedSystem system;
    private final StateStore store;
    private final List<Move> moves;
    private final StateBits bits = new StateBits(4);
    private final StateBits encoded = new StateBits(4);

    StateGraph(ClosedSystem system, StateStore store) {
        this.system = system;
        this.store = store;
        this.moves = system.moves();
    }

    /** How many states there are, numbered from 0, the initial state. */
    int states() {
        return store.count();
    }

    List<Move> moves() {
        return moves;
    }

    /**
     * Whether {@code property}'s goal holds in {@code state}; a model whose goal throws stops the analysis here.
     */
    boolean goal(int state, Property.Eventually property) {
        load(state);
        Tested reached = Tested.of(property.goal());
        if (reached.failure() != null) {
            throw new FairCycles.CannotFinish("stopped: the fairness analysis of '" + property.name() + "' asked"
                    + " whether its goal holds, and the model threw " + reached.failure() + " in "
                    + system.machineStates() + "; fix the model");
        }
        return reached.holds();
    }

    /** Whether move {@code m} is pending in {@code state}; a model whose pending condition throws stops here. */
    boolean pending(int state, int m) {
        load(state);
        Move move = moves.get(m);
        Tested pending = Tested.of(move::pending);
        if (pending.failure() != null) {
            throw new FairCycles.CannotFinish("stopped: the fairness analysis asked whether " + move.name() + " is"
                    + " pending, and the model threw " + pending.failure() + " in " + system.machineStates()
                    + "; fix the model");
        }
        return pending.holds();
    }

    /** Where move {@code m} leads from {@code state}: a state number, {@link #DISABLED} or {@link #BEYOND_BOUNDS}. */
    int successor(int state, int m) {
        load(state);
        Move move = moves.get(m);
        try {
            if (!move.enabled()) {
                return DISABLED;
            }
            system.beginStep();
            move.apply();
        } catch (RuntimeException | AssertionError | StackOverflowError beyond) {
            return BEYOND_BOUNDS; // a bound, or a failure the search already reported
        }
        if (system.overflowed()) {
            return BEYOND_BOUNDS;
        }
        encoded.clear();
        system.encode(encoded);
        int id = store.find(encoded);
        return id == StateStore.NONE ? BEYOND_BOUNDS : id;
    }

    private void load(int id) {
        store.load(id, bits);
        system.decode(bits);
    }
}
