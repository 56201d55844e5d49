package io.fsmgen.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a weakly fair run may stay forever in one strongly connected component of goal-free states, and if so a
 * cycle that shows it. It may exactly when every fair move is, somewhere in the component, either taken along an edge
 * inside it or not {@linkplain Move#pending() pending}: weak fairness only forbids a move that stays pending all the
 * time and is never taken. The cycle visits a witness for every fair move, so that the printed cycle is itself fair.
 */
final class FairCycle {

    /** What a component admits. */
    sealed interface Outcome {

        /** A fair run may stay: {@code cycle}, the moves from the entry back to it, is a fair way round. */
        record Fair(List<Integer> cycle) implements Outcome {}

        /** No fair run stays: some fair move pending throughout and never taken inside leads out within the bounds. */
        record Unfair() implements Outcome {}

        /**
         * No fair run stays, but every fair move that forces it out leaves the bounds from some state here; {@code
         * exit} is the first such move and state.
         */
        record ForcedOut(LeavingTheBounds.ForcedOut exit) implements Outcome {}
    }

    private final StateGraph graph;
    private final List<Move> moves;

    FairCycle(StateGraph graph) {
        this.graph = graph;
        this.moves = graph.moves();
    }

    /**
     * What the component of the states numbered {@code tag} in {@code index}, {@code members}, admits, with a fair
     * cycle through {@code entry} if it admits one.
     */
    Outcome through(List<Integer> members, int entry, int[] index, int tag) {
        int[] disabledAt = new int[moves.size()];
        int[] takenFrom = new int[moves.size()];
        int[] beyondFrom = new int[moves.size()];
        Arrays.fill(disabledAt, -1);
        Arrays.fill(takenFrom, -1);
        Arrays.fill(beyondFrom, -1);
        List<Integer> order = new ArrayList<>(members);
        order.remove(Integer.valueOf(entry));
        order.add(0, entry); // witnesses at the entry itself make the shortest cycle
        for (int state : order) {
            for (int m = 0; m < moves.size(); m++) {
                if (!moves.get(m).fair()) {
                    continue;
                }
                if (!graph.pending(state, m)) {
                    if (disabledAt[m] == -1) {
                        disabledAt[m] = state;
                    }
                    continue;
                }
                int w = graph.successor(state, m);
                if (w >= 0 && index[w] == tag && takenFrom[m] == -1) {
                    takenFrom[m] = state;
                }
                if (w == StateGraph.BEYOND_BOUNDS && beyondFrom[m] == -1) {
                    beyondFrom[m] = state;
                }
            }
        }
        // A fair move that stays pending throughout and is never taken inside makes every run that stays here unfair:
        // fairness forces the run out by one of them, the run's choice. It is forced beyond the bounds only when each
        // of them leaves the bounds from some state here; one that never does is a way out within them.
        int out = -1;
        for (int m = 0; m < moves.size(); m++) {
            if (moves.get(m).fair() && disabledAt[m] == -1 && takenFrom[m] == -1) {
                if (beyondFrom[m] == -1) {
                    return new Outcome.Unfair();
                }
                out = out == -1 ? m : out;
            }
        }
        if (out != -1) {
            return new Outcome.ForcedOut(new LeavingTheBounds.ForcedOut(beyondFrom[out], out));
        }
        List<Integer> cycle = new ArrayList<>();
        int at = entry;
        for (int m = 0; m < moves.size(); m++) {
            if (!moves.get(m).fair()) {
                continue;
            }
            if (disabledAt[m] != -1) {
                cycle.addAll(pathInside(at, disabledAt[m], index, tag));
                at = disabledAt[m];
            } else {
                cycle.addAll(pathInside(at, takenFrom[m], index, tag));
                cycle.add(m);
                at = graph.successor(takenFrom[m], m);
            }
        }
        cycle.addAll(pathInside(at, entry, index, tag));
        if (cycle.isEmpty()) {
            cycle.addAll(someCycleThrough(entry, index, tag));
        }
        return new Outcome.Fair(cycle);
    }

    /**
     * A cycle from {@code entry} back to it inside the component, when the fair moves asked for no step (each was
     * not pending at the entry itself): a move to itself if there is one, else a move to another member and the
     * shortest way back. A component of one state without such a move has no cycle, and is not reported.
     */
    private List<Integer> someCycleThrough(int entry, int[] index, int tag) {
        for (int m = 0; m < moves.size(); m++) {
            if (graph.successor(entry, m) == entry) {
                return List.of(m);
            }
        }
        for (int m = 0; m < moves.size(); m++) {
            int w = graph.successor(entry, m);
            if (w >= 0 && index[w] == tag) {
                List<Integer> cycle = new ArrayList<>();
                cycle.add(m);
                cycle.addAll(pathInside(w, entry, index, tag));
                return cycle;
            }
        }
        return List.of();
    }

    /** A shortest path from {@code from} to {@code to} through the component's states. */
    private List<Integer> pathInside(int from, int to, int[] index, int tag) {
        if (from == to) {
            return List.of();
        }
        Map<Integer, long[]> previous = new HashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(from);
        previous.put(from, null);
        while (!queue.isEmpty()) {
            int state = queue.poll();
            for (int m = 0; m < moves.size(); m++) {
                int w = graph.successor(state, m);
                if (w < 0 || index[w] != tag || previous.containsKey(w)) {
                    continue;
                }
                previous.put(w, new long[] {state, m});
                if (w == to) {
                    List<Integer> path = new ArrayList<>();
                    for (int at = to; at != from; at = (int) previous.get(at)[0]) {
                        path.add((int) previous.get(at)[1]);
                    }
                    Collections.reverse(path);
                    return path;
                }
                queue.add(w);
            }
        }
        throw new IllegalStateException("state " + to + " is not reachable from " + from + " inside its component");
    }
}
