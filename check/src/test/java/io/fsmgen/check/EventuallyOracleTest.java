package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The explorer's verdicts on "eventually" properties against an oracle that shares nothing with {@link FairCycles}:
 * random graphs of up to five states, each move a table (disabled, beyond the bounds, or a target), and every subset
 * of the goal-free reachable states tried as the set a run may stay in forever. Such a set violates the property when
 * it is strongly connected and every fair move is, somewhere in it, taken inside it or not pending (weak fairness);
 * a goal-free state where nothing moves violates it too. The verdict is UNKNOWN when the same holds only if the moves
 * beyond the bounds count as walls (not pending there): a fair run that avoids the goal is then forced out of them.
 * Each counterexample must also replay, and be a shortest one: its prefix (the steps to the state where nothing
 * moves, or to the cycle) as short as the shortest goal-free path to any such state or to any state of such a set,
 * and a state where nothing moves shown when one is that near.
 */
class EventuallyOracleTest {

    private static final int DISABLED = -1;
    private static final int BEYOND = -2;

    /**
     * Move {@code m} leads from state {@code s} to {@code next[m][s]} ({@link #DISABLED}, {@link #BEYOND}); a fair
     * move is also {@linkplain Move#pending() pending} where {@code armed[m][s]}, as a timer that may not expire yet.
     */
    record Graph(int n, int[][] next, boolean[][] armed, boolean[] fair, boolean[] goal) {

        boolean pending(int m, int s) {
            return next[m][s] != DISABLED || armed[m][s];
        }
    }

    private static Supplier<ClosedSystem> system(Graph g) {
        return () -> {
            Counter a = new Counter(Math.max(1, g.n() - 1));
            ClosedSystem.Builder b = ClosedSystem.builder("graph").component(a);
            for (int m = 0; m < g.next().length; m++) {
                int[] next = g.next()[m];
                int move = m;
                Runnable apply = () -> {
                    if (next[a.value] == BEYOND) {
                        throw new OutOfBounds("beyond");
                    }
                    a.value = next[a.value];
                };
                b.move(g.fair()[m]
                        ? Move.timer("m" + m, () -> g.pending(move, a.value), () -> next[a.value] != DISABLED, apply,
                                () -> "m" + move)
                        : Move.of("m" + m, false, () -> next[a.value] != DISABLED, apply));
            }
            return b.eventually("goal", "the goal", () -> g.goal()[a.value]).build();
        };
    }

    /** The verdict by the definition, over every subset of states. */
    private static Verdict.Status oracle(Graph g) {
        int n = g.n();
        if (g.goal()[0]) {
            return Verdict.Status.HOLDS;
        }
        boolean[] reach = new boolean[n];
        reach[0] = true;
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int s = 0; s < n; s++) {
                if (!reach[s]) {
                    continue;
                }
                for (int[] next : g.next()) {
                    int w = next[s];
                    if (w >= 0 && !g.goal()[w] && !reach[w]) {
                        reach[w] = changed = true;
                    }
                }
            }
        }
        boolean unknown = false;
        for (int s = 0; s < n; s++) {
            if (!reach[s]) {
                continue;
            }
            boolean moves = false;
            boolean inside = false;
            boolean beyond = false;
            for (int[] next : g.next()) {
                int w = next[s];
                moves |= w >= 0 && w != s || w == BEYOND;
                inside |= w >= 0 && w != s;
                beyond |= w == BEYOND;
            }
            if (!moves) {
                return Verdict.Status.VIOLATED;
            }
            unknown |= !inside && beyond;
        }
        for (int set = 1; set < 1 << n; set++) {
            boolean ok = true;
            for (int s = 0; s < n; s++) {
                if ((set >> s & 1) == 1 && !reach[s]) {
                    ok = false;
                }
            }
            if (!ok || !stronglyConnected(g, set)) {
                continue;
            }
            boolean fair = true;
            boolean wallFair = true;
            for (int m = 0; m < g.next().length; m++) {
                if (!g.fair()[m]) {
                    continue;
                }
                boolean excused = false;
                boolean beyondSomewhere = false;
                for (int s = 0; s < n; s++) {
                    if ((set >> s & 1) == 0) {
                        continue;
                    }
                    int w = g.next()[m][s];
                    excused |= !g.pending(m, s) || w >= 0 && (set >> w & 1) == 1;
                    beyondSomewhere |= w == BEYOND;
                }
                fair &= excused;
                wallFair &= excused || beyondSomewhere;
            }
            if (fair) {
                return Verdict.Status.VIOLATED;
            }
            unknown |= wallFair;
        }
        return unknown ? Verdict.Status.UNKNOWN : Verdict.Status.HOLDS;
    }

    /**
     * For a violated property, the shortest prefix of a counterexample and whether a state where nothing moves has
     * one that short (it is then the one shown): goal-free breadth-first distances from the initial state, the least
     * to a state where nothing moves, and the least to a member of a set a fair run may stay in forever.
     */
    private static Shortest shortest(Graph g) {
        int n = g.n();
        int[] distance = new int[n];
        Arrays.fill(distance, Integer.MAX_VALUE);
        distance[0] = 0;
        for (int d = 0; d < n; d++) {
            for (int s = 0; s < n; s++) {
                if (distance[s] != d) {
                    continue;
                }
                for (int[] next : g.next()) {
                    int w = next[s];
                    if (w >= 0 && !g.goal()[w] && distance[w] == Integer.MAX_VALUE) {
                        distance[w] = d + 1;
                    }
                }
            }
        }
        int stuck = Integer.MAX_VALUE;
        for (int s = 0; s < n; s++) {
            boolean moves = false;
            for (int[] next : g.next()) {
                moves |= next[s] >= 0 && next[s] != s || next[s] == BEYOND;
            }
            if (!moves) {
                stuck = Math.min(stuck, distance[s]);
            }
        }
        int cycle = Integer.MAX_VALUE;
        for (int set = 1; set < 1 << n; set++) {
            if (fairlyForever(g, set)) {
                for (int s = 0; s < n; s++) {
                    if ((set >> s & 1) == 1) {
                        cycle = Math.min(cycle, distance[s]);
                    }
                }
            }
        }
        return new Shortest(Math.min(stuck, cycle), stuck <= cycle);
    }

    /** The shortest prefix of a counterexample, and whether it ends in a state where nothing moves. */
    record Shortest(int prefix, boolean stuck) {}

    /** Whether a fair run may stay in {@code set} forever: it is strongly connected, goal-free, and fair. */
    private static boolean fairlyForever(Graph g, int set) {
        for (int s = 0; s < g.n(); s++) {
            if ((set >> s & 1) == 1 && g.goal()[s]) {
                return false;
            }
        }
        if (!stronglyConnected(g, set)) {
            return false;
        }
        for (int m = 0; m < g.next().length; m++) {
            boolean excused = !g.fair()[m];
            for (int s = 0; s < g.n(); s++) {
                int w = g.next()[m][s];
                excused |= (set >> s & 1) == 1 && (!g.pending(m, s) || w >= 0 && (set >> w & 1) == 1);
            }
            if (!excused) {
                return false;
            }
        }
        return true;
    }

    /** Whether the states of {@code set} are strongly connected by edges inside it, with at least one edge. */
    private static boolean stronglyConnected(Graph g, int set) {
        int first = Integer.numberOfTrailingZeros(set);
        for (int s = 0; s < g.n(); s++) {
            if ((set >> s & 1) == 1 && (!reaches(g, set, first, s) || !reaches(g, set, s, first))) {
                return false;
            }
        }
        for (int[] next : g.next()) {
            for (int s = 0; s < g.n(); s++) {
                if ((set >> s & 1) == 1 && next[s] >= 0 && (set >> next[s] & 1) == 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code to} can be reached from {@code from} through the states of {@code set}. */
    private static boolean reaches(Graph g, int set, int from, int to) {
        int seen = 1 << from;
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int s = 0; s < g.n(); s++) {
                if ((seen >> s & 1) == 0) {
                    continue;
                }
                for (int[] next : g.next()) {
                    int w = next[s];
                    if (w >= 0 && (set >> w & 1) == 1 && (seen >> w & 1) == 0) {
                        seen |= 1 << w;
                        changed = true;
                    }
                }
            }
        }
        return (seen >> to & 1) == 1;
    }

    @Test
    void randomGraphsAgreeWithTheOracle() {
        Random random = new Random(42);
        List<String> wrong = new ArrayList<>();
        for (int trial = 0; trial < 10_000; trial++) {
            int n = 1 + random.nextInt(5);
            int moves = 1 + random.nextInt(4);
            int[][] next = new int[moves][n];
            boolean[][] armed = new boolean[moves][n];
            boolean[] fair = new boolean[moves];
            for (int m = 0; m < moves; m++) {
                fair[m] = random.nextInt(3) != 0;
                for (int s = 0; s < n; s++) {
                    int r = random.nextInt(10);
                    next[m][s] = r < 3 ? DISABLED : r < 4 ? BEYOND : random.nextInt(n);
                    armed[m][s] = random.nextInt(4) == 0;
                }
            }
            boolean[] goal = new boolean[n];
            for (int s = 0; s < n; s++) {
                goal[s] = random.nextInt(4) == 0;
            }
            Graph g = new Graph(n, next, armed, fair, goal);
            Report report = new Explorer().explore(system(g));
            Verdict verdict = report.verdict("goal");
            Verdict.Status expected = oracle(g);
            if (verdict.status() != expected) {
                wrong.add("trial " + trial + ": n=" + n + " next=" + Arrays.deepToString(next)
                        + " armed=" + Arrays.deepToString(armed) + " fair="
                        + Arrays.toString(fair) + " goal=" + Arrays.toString(goal) + " explorer="
                        + verdict.status() + " oracle=" + expected + " " + verdict.unknownBecause().orElse("")
                        + verdict.counterexample().map(Counterexample::describe).orElse(""));
            }
            if (verdict.counterexample().isPresent()) {
                Counterexample shown = verdict.counterexample().get();
                Replay replay = Replay.of(system(g), shown);
                if (!replay.reproduced()) {
                    wrong.add("trial " + trial + " does not replay: " + replay.outcome());
                }
                boolean stuck = shown.kind() == Counterexample.Kind.STUCK;
                Shortest least = shortest(g);
                int prefix = stuck ? shown.steps().size() : shown.cycleStart();
                if (prefix != least.prefix() || stuck != least.stuck()) {
                    wrong.add("trial " + trial + ": n=" + n + " next=" + Arrays.deepToString(next) + " armed="
                            + Arrays.deepToString(armed) + " fair=" + Arrays.toString(fair) + " goal="
                            + Arrays.toString(goal) + " shows a prefix of " + prefix + (stuck ? " to a stuck state"
                            : " to a cycle") + ", the shortest is " + least + ": " + shown.describe());
                }
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(5, wrong.size())), wrong.size() + " of 10,000 disagree");
    }
}
