package io.fsmgen.check;

import java.util.BitSet;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an "eventually" property over a completely explored state space: is there a reachable cycle of states where
 * the goal does not hold that a weakly fair run may follow forever, or a state where nothing moves?
 *
 * <p>Only the runs that never reach the goal count: what a run does after the goal held cannot violate the property.
 * So the analysis looks for cycles, and for the states where nothing moves that the search found, among the states
 * reachable from the initial state without passing through a goal state only ({@link GoalFreeComponents}, with
 * {@link FairCycle} for each component). When it has one to show, it finds those states again breadth-first ({@link
 * GoalFreePaths}), keeping for each the shortest such path; when it has none, as for a property that holds, it skips
 * that second pass over every state and move. The successors are computed again each time ({@link StateGraph}), so
 * no edge is ever stored.
 *
 * <p>Of the runs it could show, it shows one with the shortest prefix: the fewest steps from the initial state to a
 * state where nothing moves, or to the first state of a fair cycle, after which the goal can never come. At equal
 * prefix lengths a state where nothing moves wins (its run repeats nothing). The cycle itself is fair but not the
 * shortest one: a shortest fair cycle must visit a witness for every fair move, a covering tour whose search would
 * cost far more than the analysis.
 */
final class FairCycles {

    /** The analysis cannot finish: not enough memory within the bound, or the model's own code threw. */
    static final class CannotFinish extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CannotFinish(String message) {
            super(message, null, false, false);
        }
    }

    /** What the analysis found for one property. */
    sealed interface Finding {

        /** Every fair run reaches the goal. */
        record Holds() implements Finding {}

        /** {@code run} never reaches the goal. */
        record Violated(GoalAvoidingRun run) implements Finding {}

        /** No run within the bounds avoids the goal, but a fair run that avoids it leaves them, {@code because}. */
        record Unknown(String because) implements Finding {}
    }

    private final StateGraph graph;
    private final StateStore store;
    private final MemoryBound memory;

    FairCycles(ClosedSystem system, StateStore store, MemoryBound memory) {
        this.graph = new StateGraph(system, store);
        this.store = store;
        this.memory = memory;
    }

    /**
     * Whether {@code property} holds, or the run that violates it with the shortest prefix (see the class's comment):
     * one that ends in one of {@code stuck} (the states where the search found that nothing moves and the goal does
     * not hold, each with the message to show), or one that follows a fair cycle.
     */
    Finding find(Property.Eventually property, Map<Integer, String> stuck) {
        int n = store.count();
        long needed = (long) n * 41 + n / 8 + 1; // 41 bytes of arrays and one bit of BitSet a state
        if (!memory.allows(store.bytes(), needed)) {
            throw new CannotFinish(String.format("the fairness analysis of '%s' needs %,d more bytes than the memory"
                    + " bound or the heap allows", property.name(), needed));
        }
        boolean[] goal = new boolean[n];
        for (int id = 0; id < n; id++) {
            goal[id] = graph.goal(id, property);
        }
        if (n == 0 || goal[0]) {
            return new Finding.Holds(); // every run starts at the goal
        }
        GoalFreeComponents components = GoalFreeComponents.of(graph, goal);
        if (stuck.isEmpty() && components.fair().isEmpty() && components.forcedOut().isEmpty()
                && !components.boundsStuck()) {
            return new Finding.Holds(); // the common case: nothing to show, so no need for the shortest paths
        }
        BitSet ends = new BitSet(n); // where a run to show may end up: a state where nothing moves, or a fair cycle
        for (int id : stuck.keySet()) {
            ends.set(id);
        }
        for (int id = 0; id < n; id++) {
            if (components.inFairComponent(id)) {
                ends.set(id);
            }
        }
        GoalFreePaths paths = GoalFreePaths.of(graph, goal, ends);
        int firstStuck = -1;
        for (int id : stuck.keySet()) {
            if (paths.reached(id)) {
                firstStuck = paths.nearer(id, firstStuck);
            }
        }
        int entry = -1;
        for (int id = 0; id < n; id++) {
            if (components.inFairComponent(id) && paths.reached(id)) {
                entry = paths.nearer(id, entry);
            }
        }
        if (firstStuck != -1 && (entry == -1 || paths.pathTo(firstStuck).size() <= paths.pathTo(entry).size())) {
            return new Finding.Violated(new GoalAvoidingRun.Stuck(firstStuck, paths.pathTo(firstStuck),
                    stuck.get(firstStuck))); // the breadth-first order is by length: no fair cycle starts sooner
        }
        if (entry != -1) {
            FairCycle.Outcome cycle = new FairCycle(graph).through(components.members(entry), entry,
                    components.index(), components.index()[entry]);
            if (!(cycle instanceof FairCycle.Outcome.Fair fair)) {
                throw new IllegalStateException("state " + entry + "'s component was fair, and now is " + cycle);
            }
            return new Finding.Violated(new GoalAvoidingRun.Lasso(entry, paths.pathTo(entry), fair.cycle()));
        }
        Optional<LeavingTheBounds> out = paths.everyMoveLeaves().or(() -> components.forcedOut().map(f -> f));
        return out.<Finding>map(o -> new Finding.Unknown(o.describe(graph.moves(), paths.pathTo(o.state()))))
                .orElseGet(Finding.Holds::new);
    }
}
