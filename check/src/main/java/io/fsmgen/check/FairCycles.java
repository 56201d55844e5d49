package io.fsmgen.check;

import io.fsmgen.StateBits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an "eventually" property over a completely explored state space: is there a reachable cycle of states where
 * the goal does not hold that a weakly fair run may follow forever?
 *
 * <p>Only the runs that never reach the goal count: what a run does after the goal held cannot violate the property.
 * So the analysis looks for cycles, and for the states where nothing moves that the search found, among the states
 * reachable from the initial state without passing through a goal state only. When it has one to
 * show, it finds those states again breadth-first, keeping for each the shortest such path (the explorer's own
 * shortest path may pass through the goal when a longer one does not); when it has none, as for a property that
 * holds, it skips that second pass over every state and move.
 *
 * <p>Of the runs it could show, it shows one with the shortest prefix: the fewest steps from the initial state to a
 * state where nothing moves, or to the first state of a fair cycle, after which the goal can never come. At equal
 * prefix lengths a state where nothing moves wins (its run repeats nothing). The cycle itself is fair but not the
 * shortest one: a shortest fair cycle must visit a witness for every fair move, a covering tour whose search would
 * cost far more than the analysis.
 *
 * <p>Tarjan's algorithm, from the initial state, finds the strongly connected components of the graph restricted to
 * non-goal states (the successors are computed again by decoding each state and applying each move, so no edge is
 * ever stored). A
 * component with a cycle in it can be followed forever fairly exactly when every fair move is, somewhere in it,
 * either taken along an edge inside it or not {@linkplain Move#pending() pending}: weak fairness only forbids a move
 * that stays pending all the time and is never taken. The counterexample is the shortest path to the component's
 * first-found state, then a cycle through it that visits a witness for every fair move, so that the printed cycle
 * is itself fair.
 */
final class FairCycles {

    /** The analysis cannot finish: not enough memory within the bound, or the model's own code threw. */
    static final class CannotFinish extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CannotFinish(String message) {
            super(message, null, false, false);
        }
    }

    private static final int DISABLED = -1;
    private static final int BEYOND_BOUNDS = -2;
    /** In the breadth-first order of goal-free paths: a state no such path reaches. */
    private static final int UNREACHED = -1;

    private final ClosedSystem system;
    private final StateStore store;
    private final MemoryBound memory;
    private final List<Move> moves;
    private final StateBits bits = new StateBits(4);
    private final StateBits encoded = new StateBits(4);
    /** Why the last {@link #find} could not decide, if it could not: a fair run that must leave the bounds. */
    private String cutOff;
    /**
     * In the last {@link #find}, the first state and move by which fairness forces a run out of a component and out
     * of the bounds, or null; made into {@link #cutOff} once the shortest goal-free paths are known.
     */
    private int[] forcedOut;
    /**
     * In the last {@link #find}, whether some goal-free state was found from which every move that changes anything
     * leaves the bounds.
     */
    private boolean boundsStuck;

    FairCycles(ClosedSystem system, StateStore store, MemoryBound memory) {
        this.system = system;
        this.store = store;
        this.memory = memory;
        this.moves = system.moves();
    }

    /**
     * A run that never reaches {@code property}'s goal, with the shortest prefix (see the class's comment): one that
     * ends in one of {@code stuck} (the states where the search found that nothing moves and the goal does not hold,
     * each with the message to show), or one that follows a fair cycle.
     */
    Optional<GoalAvoidingRun> find(Property.Eventually property, Map<Integer, String> stuck) {
        cutOff = null;
        forcedOut = null;
        boundsStuck = false;
        int n = store.count();
        long needed = (long) n * 41 + n / 8 + 1; // 41 bytes of arrays and one bit of BitSet a state
        if (!memory.allows(store.bytes(), needed)) {
            throw new CannotFinish(String.format("the fairness analysis of '%s' needs %,d more bytes than the memory"
                    + " bound or the heap allows", property.name(), needed));
        }
        boolean[] goal = new boolean[n];
        for (int id = 0; id < n; id++) {
            load(id);
            Tested reached = Tested.of(property.goal());
            if (reached.failure() != null) {
                throw new CannotFinish("stopped: the fairness analysis of '" + property.name() + "' asked whether its"
                        + " goal holds, and the model threw " + reached.failure() + " in " + system.machineStates()
                        + "; fix the model");
            }
            goal[id] = reached.holds();
        }
        if (n == 0 || goal[0]) {
            return Optional.empty(); // every run starts at the goal
        }
        int[] index = new int[n];
        BitSet fair = components(goal, index);
        if (stuck.isEmpty() && fair.isEmpty() && forcedOut == null && !boundsStuck) {
            return Optional.empty(); // the common case: nothing to show, so no need for the shortest goal-free paths
        }
        BitSet ends = new BitSet(n); // where a run to show may end up: a state where nothing moves, or a fair cycle
        for (int id : stuck.keySet()) {
            ends.set(id);
        }
        for (int id = 0; id < n; id++) {
            if (index[id] <= -2 && fair.get(-2 - index[id])) {
                ends.set(id);
            }
        }
        int[] order = new int[n];
        int[] parent = new int[n];
        int[] parentMove = new int[n];
        goalFreeOrder(goal, ends, order, parent, parentMove);
        Integer firstStuck = null;
        for (int id : stuck.keySet()) {
            if (order[id] != UNREACHED && (firstStuck == null || order[id] < order[firstStuck])) {
                firstStuck = id;
            }
        }
        Optional<GoalAvoidingRun> stuckRun = firstStuck == null ? Optional.empty()
                : Optional.of(new GoalAvoidingRun.Stuck(firstStuck, pathFromStart(firstStuck, parent, parentMove),
                        stuck.get(firstStuck)));
        if (fair.isEmpty()) {
            if (stuckRun.isPresent()) {
                return stuckRun;
            }
            if (forcedOut != null) {
                cutOff(moves.get(forcedOut[1]).name() + " stays pending on a cycle of states that never reach the"
                        + " goal, and taking it there leaves them", forcedOut[0], parent, parentMove);
            }
            return Optional.empty();
        }
        int entry = -1;
        for (int id = 0; id < n; id++) {
            if (index[id] <= -2 && fair.get(-2 - index[id]) && order[id] != UNREACHED
                    && (entry == -1 || order[id] < order[entry])) {
                entry = id;
            }
        }
        if (entry == -1) {
            return stuckRun; // the pass stopped at a nearer state where nothing moves, before any fair cycle
        }
        List<Integer> prefix = pathFromStart(entry, parent, parentMove);
        if (stuckRun.isPresent() && stuckRun.get().prefix().size() <= prefix.size()) {
            return stuckRun; // the breadth-first order is by length, so no fair cycle starts sooner
        }
        List<Integer> members = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            if (index[id] == index[entry]) {
                members.add(id);
            }
        }
        return Optional.of(new GoalAvoidingRun.Lasso(entry, prefix,
                fairCycle(members, entry, index, index[entry]).orElseThrow()));
    }

    /**
     * Tarjan's algorithm from the initial state through non-goal states, which visits exactly the states a run reaches
     * without passing through the goal: leaves each visited state's component in {@code index} (as -2 - its number)
     * and answers the numbers of the components a fair run may stay in forever. On the way it notes whether the bounds
     * cut a run off: a state from which every move that changes anything leaves them (a move to the state itself is
     * no way on, as for the search's "nothing moves"), or a component fairness leaves only beyond them.
     */
    private BitSet components(boolean[] goal, int[] index) {
        int n = goal.length;
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
            if (m < moves.size()) {
                frameMove[fp - 1] = m + 1;
                int w = successor(v, m);
                frameInside[fp - 1] |= w >= 0 && w != v; // staying put is not moving, as for the search
                frameBeyond[fp - 1] |= w == BEYOND_BOUNDS;
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
                if ((members.size() > 1 || selfLoop[v]) && fairCycle(members, v, index, tag).isPresent()) {
                    fair.set(-2 - tag);
                }
            }
            if (fp > 0) {
                int u = frameState[fp - 1];
                low[u] = Math.min(low[u], low[v]);
            }
        }
        return fair;
    }

    /**
     * When {@link #find} found no run that avoids the goal, whether that rests on runs the model's bounds cut off: a
     * goal-free state from which every move that changes anything leaves the bounds, or a cycle that a fair run leaves
     * only by a move that leaves the bounds. Such a run goes on beyond what was explored, so the property can be
     * neither held nor violated; this says where.
     */
    Optional<String> cutOff() {
        return Optional.ofNullable(cutOff);
    }

    private void cutOff(String why, int state, int[] parent, int[] parentMove) {
        if (cutOff != null) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (int m : pathFromStart(state, parent, parentMove)) {
            names.add(moves.get(m).name());
        }
        cutOff = "a fair run that never reaches the goal leaves the model's bounds: after "
                + (names.isEmpty() ? "no step" : String.join(", ", names)) + ", " + why;
    }

    /**
     * Breadth-first from the initial state through states where the goal does not hold: each reached state's position
     * in that order, or {@link #UNREACHED}, and the state and move it was first reached from. It stops after the
     * first distance at which it reaches one of {@code ends}: no state farther away can start a shorter run.
     */
    private void goalFreeOrder(boolean[] goal, BitSet ends, int[] order, int[] parent, int[] parentMove) {
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
                    return;
                }
                distanceEnds = tail;
            }
            int state = queue[head++];
            boolean inside = false;
            int beyond = -1;
            for (int m = 0; m < moves.size(); m++) {
                int w = successor(state, m);
                inside |= w >= 0 && w != state;
                beyond = w == BEYOND_BOUNDS && beyond == -1 ? m : beyond;
                if (w < 0 || goal[w] || order[w] != UNREACHED) {
                    continue;
                }
                order[w] = tail;
                parent[w] = state;
                parentMove[w] = m;
                queue[tail++] = w;
                reachedAnEnd |= ends.get(w);
            }
            if (!inside && beyond != -1) {
                cutOff("every move leaves them (" + moves.get(beyond).name() + ", say)", state, parent, parentMove);
            }
        }
    }

    /** The moves of the shortest goal-free path from the initial state to {@code state}. */
    private static List<Integer> pathFromStart(int state, int[] parent, int[] parentMove) {
        List<Integer> path = new ArrayList<>();
        for (int at = state; parent[at] != -1; at = parent[at]) {
            path.add(parentMove[at]);
        }
        Collections.reverse(path);
        return path;
    }

    /**
     * The moves of a fair cycle through {@code entry} inside the component, if the component admits one. When it does
     * not only because of fair moves that stay pending throughout and are never taken inside, each of which leaves the
     * bounds from one of its states, the first such move and state are kept in {@link #forcedOut}.
     */
    private Optional<List<Integer>> fairCycle(List<Integer> members, int entry, int[] index, int tag) {
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
                load(state);
                if (!pending(m)) {
                    if (disabledAt[m] == -1) {
                        disabledAt[m] = state;
                    }
                    continue;
                }
                int w = successor(state, m);
                if (w >= 0 && index[w] == tag && takenFrom[m] == -1) {
                    takenFrom[m] = state;
                }
                if (w == BEYOND_BOUNDS && beyondFrom[m] == -1) {
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
                    return Optional.empty();
                }
                out = out == -1 ? m : out;
            }
        }
        if (out != -1) {
            forcedOut = forcedOut != null ? forcedOut : new int[] {beyondFrom[out], out};
            return Optional.empty();
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
                at = successor(takenFrom[m], m);
            }
        }
        cycle.addAll(pathInside(at, entry, index, tag));
        if (cycle.isEmpty()) {
            cycle.addAll(someCycleThrough(entry, index, tag));
        }
        return Optional.of(cycle);
    }

    /**
     * A cycle from {@code entry} back to it inside the component, when the fair moves asked for no step (each was
     * not pending at the entry itself): a move to itself if there is one, else a move to another member and the
     * shortest way back. A component of one state without such a move has no cycle, and is not reported.
     */
    private List<Integer> someCycleThrough(int entry, int[] index, int tag) {
        for (int m = 0; m < moves.size(); m++) {
            if (successor(entry, m) == entry) {
                return List.of(m);
            }
        }
        for (int m = 0; m < moves.size(); m++) {
            int w = successor(entry, m);
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
                int w = successor(state, m);
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

    /** Whether move {@code m} is pending in the loaded state; a model whose pending condition throws stops here. */
    private boolean pending(int m) {
        Move move = moves.get(m);
        Tested pending = Tested.of(move::pending);
        if (pending.failure() != null) {
            throw new CannotFinish("stopped: the fairness analysis asked whether " + move.name() + " is pending,"
                    + " and the model threw " + pending.failure() + " in " + system.machineStates()
                    + "; fix the model");
        }
        return pending.holds();
    }

    /** Where move {@code m} leads from {@code state}: a state number, {@link #DISABLED} or {@link #BEYOND_BOUNDS}. */
    private int successor(int state, int m) {
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
