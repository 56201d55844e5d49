package io.fsmgen.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The strongly connected components of the states a run reaches from the initial state without passing through the
 * goal, by Tarjan's algorithm through non-goal states, and which of them a weakly fair run may stay in forever
 * ({@link FairCycle}). On the way it notes whether the bounds cut a run off: a state from which every move that
 * changes anything leaves them (a move to the state itself is no way on, as for the search's "nothing moves"), or a
 * component fairness leaves only beyond them.
 *
 * @param index per state, -2 minus the number of its component, or -1 for a state not visited (the goal, or beyond it)
 * @param fair the numbers of the components a fair run may stay in forever
 * @param boundsStuck whether some visited state's every move that changes anything leaves the bounds
 * @param forcedOut the first component, if any, that fairness leaves only beyond the bounds, and how
 */
record GoalFreeComponents(int[] index, BitSet fair, boolean boundsStuck,
        Optional<LeavingTheBounds.ForcedOut> forcedOut) {

    /** The components of {@code graph}'s states where {@code goal} does not hold, from the initial state. */
    static GoalFreeComponents of(StateGraph graph, boolean[] goal) {
        int n = goal.length;
        int moves = graph.moves().size();
        FairCycle fairCycle = new FairCycle(graph);
        int[] index = new int[n];
        Arrays.fill(index, -1);
        int[] low = new int[n];
        int[] stack = new int[n];
        boolean[] onStack = new boolean[n];
        boolean[] selfLoop = new boolean[n];
        int[] frameState = new int[n];
        int[] frameMove = new int[n];
        boolean[] frameInside = new boolean[n];
        boolean[] frameBeyond = new boolean[n];
        BitSet fair = new BitSet();
        boolean boundsStuck = false;
        LeavingTheBounds.ForcedOut forcedOut = null;
        int counter = 0;
        int components = 0;
        int sp = 0;
        int fp = 0;
        index[0] = low[0] = counter++;
        stack[sp++] = 0;
        onStack[0] = true;
        frameState[fp] = 0;
        frameMove[fp++] = 0;
        while (fp > 0) {
            int v = frameState[fp - 1];
            int m = frameMove[fp - 1];
            if (m < moves) {
                frameMove[fp - 1] = m + 1;
                int w = graph.successor(v, m);
                frameInside[fp - 1] |= w >= 0 && w != v; // staying put is not moving, as for the search
                frameBeyond[fp - 1] |= w == StateGraph.BEYOND_BOUNDS;
                if (w < 0 || goal[w]) {
                    continue;
                }
                if (w == v) {
                    selfLoop[v] = true;
                } else if (index[w] == -1) {
                    index[w] = low[w] = counter++;
                    stack[sp++] = w;
                    onStack[w] = true;
                    frameState[fp] = w;
                    frameInside[fp] = false;
                    frameBeyond[fp] = false;
                    frameMove[fp++] = 0;
                } else if (onStack[w]) {
                    low[v] = Math.min(low[v], index[w]);
                }
                continue;
            }
            fp--;
            boundsStuck |= !frameInside[fp] && frameBeyond[fp];
            if (low[v] == index[v]) {
                List<Integer> members = new ArrayList<>();
                int w;
                do {
                    w = stack[--sp];
                    onStack[w] = false;
                    members.add(w);
                } while (w != v);
                int tag = -2 - components++;
                for (int member : members) {
                    index[member] = tag;
                }
                if (members.size() > 1 || selfLoop[v]) {
                    FairCycle.Outcome outcome = fairCycle.through(members, v, index, tag);
                    if (outcome instanceof FairCycle.Outcome.Fair) {
                        fair.set(-2 - tag);
                    } else if (outcome instanceof FairCycle.Outcome.ForcedOut out && forcedOut == null) {
                        forcedOut = out.exit();
                    }
                }
            }
            if (fp > 0) {
                int u = frameState[fp - 1];
                low[u] = Math.min(low[u], low[v]);
            }
        }
        return new GoalFreeComponents(index, fair, boundsStuck, Optional.ofNullable(forcedOut));
    }

    /** Whether {@code state} is in a component a fair run may stay in forever. */
    boolean inFairComponent(int state) {
        return index[state] <= -2 && fair.get(-2 - index[state]);
    }

    /** The states of {@code state}'s component. */
    List<Integer> members(int state) {
        List<Integer> members = new ArrayList<>();
        for (int id = 0; id < index.length; id++) {
            if (index[id] == index[state]) {
                members.add(id);
            }
        }
        return members;
    }
}
