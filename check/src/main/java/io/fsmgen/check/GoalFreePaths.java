package io.fsmgen.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The shortest paths from the initial state through states where the goal does not hold, breadth-first: the
 * explorer's own shortest path to a state may pass through the goal when a longer one does not, and a run that
 * passes through the goal is no counterexample of an "eventually" property.
 *
 * @param order per state, its position in the breadth-first order, or {@link #UNREACHED}
 * @param parent per reached state, the state it was first reached from (-1 for the initial state)
 * @param parentMove per reached state, the move it was first reached by
 * @param everyMoveLeaves the first reached state, if any, from which every move that changes anything leaves the
 *     bounds
 */
record GoalFreePaths(int[] order, int[] parent, int[] parentMove, Optional<LeavingTheBounds> everyMoveLeaves) {

    /** In {@link #order}: a state no goal-free path reaches, or one farther than the pass went. */
    static final int UNREACHED = -1;

    /**
     * The shortest goal-free paths of {@code graph}; the pass stops after the first distance at which it reaches one
     * of {@code ends}, since no state farther away can start a shorter run.
     */
    static GoalFreePaths of(StateGraph graph, boolean[] goal, BitSet ends) {
        int moves = graph.moves().size();
        int[] order = new int[goal.length];
        int[] parent = new int[goal.length];
        int[] parentMove = new int[goal.length];
        LeavingTheBounds everyMoveLeaves = null;
        Arrays.fill(order, UNREACHED);
        int[] queue = new int[goal.length];
        int head = 0;
        int tail = 0;
        order[0] = tail;
        parent[0] = -1;
        queue[tail++] = 0;
        boolean reachedAnEnd = ends.get(0);
        int distanceEnds = 0; // where in the queue the states at the distance being expanded end
        while (head < tail) {
            if (head == distanceEnds) {
                if (reachedAnEnd) {
                    break;
                }
                distanceEnds = tail;
            }
            int state = queue[head++];
            boolean inside = false;
            int beyond = -1;
            for (int m = 0; m < moves; m++) {
                int w = graph.successor(state, m);
                inside |= w >= 0 && w != state;
                beyond = w == StateGraph.BEYOND_BOUNDS && beyond == -1 ? m : beyond;
                if (w < 0 || goal[w] || order[w] != UNREACHED) {
                    continue;
                }
                order[w] = tail;
                parent[w] = state;
                parentMove[w] = m;
                queue[tail++] = w;
                reachedAnEnd |= ends.get(w);
            }
            if (!inside && beyond != -1 && everyMoveLeaves == null) {
                everyMoveLeaves = new LeavingTheBounds.EveryMoveLeaves(state, beyond);
            }
        }
        return new GoalFreePaths(order, parent, parentMove, Optional.ofNullable(everyMoveLeaves));
    }

    boolean reached(int state) {
        return order[state] != UNREACHED;
    }

    /** Of two reached states, or -1 for none, the one nearer the initial state (the first found at equal distance). */
    int nearer(int state, int other) {
        return other == -1 || state != -1 && order[state] < order[other] ? state : other;
    }

    /** The moves of the shortest goal-free path from the initial state to the reached {@code state}. */
    List<Integer> pathTo(int state) {
        List<Integer> path = new ArrayList<>();
        for (int at = state; parent[at] != -1; at = parent[at]) {
            path.add(parentMove[at]);
        }
        Collections.reverse(path);
        return path;
    }
}
