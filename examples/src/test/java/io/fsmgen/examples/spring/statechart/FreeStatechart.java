package io.fsmgen.examples.spring.statechart;

import io.fsmgen.DeferOverflow;
import io.fsmgen.History;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random hierarchical machine without {@link RandomStatechart}'s restrictions, for {@link UmlReference}: every
 * corner fsmgen accepts, where Spring Statemachine departs from UML. Up to four levels; history of either kind on any
 * composite, nested or not; a machine's initial state anywhere; rows of one (state, event) tried in declaration order,
 * up to three, the last one sometimes unguarded; local rows to any descendant; external rows to any state (ancestors,
 * descendants, the source itself), through history where the target has one, but not to the history of a composite
 * the source is inside unless the row is declared on it ({@code FsmHistoryFromInside}); {@code "*"} rows; two events
 * ({@code E4}, {@code E5}) deferred by any state that has no row for them; actions and entry actions that fire events
 * (through {@code relay}, which the test bounds per step); timeouts on about a third of the states, each with its own
 * event {@code T<n>}, rows of their own, and sometimes a row for it on a descendant, which then handles it first.
 *
 * <p>With {@code -Dfsmgen.uml.extras=true} (off in {@code mvn verify}, so that the default seeds keep their machines),
 * drawn after everything else: exit actions that fire events too, and on about a quarter of the machines a deferral
 * ring of one to three events that overflows by {@code REJECT} or {@code DROP_OLDEST}.
 */
final class FreeStatechart {

    static final int EVENTS = 6;
    static final int GUARDS = 3;
    static final int[] DEFERRABLE = {4, 5};

    /** One row. {@code from} is -1 for {@code "*"}; {@code to} is -1 for an internal row. */
    record Row(int id, int from, int event, int guard, boolean negated, int to, boolean local, boolean history,
            int relays) {
        boolean holds(boolean[] flags) {
            return guard < 0 || flags[guard] != negated;
        }
    }

    final int states;
    final int[] parent;
    final int[] initialChild;
    final History[] history;
    final int initial;
    /** {@code defers[s][e]}: state s defers event e. */
    final boolean[][] defers;
    final List<Row> rows = new ArrayList<>();
    /** The event each state's entry action fires, -1 for none. */
    final int[] entryRelays;
    /** Each state's timeout in ms, 0 for none; its event is {@link #timerEvent}. */
    final int[] timeout;
    /** Whether the extras are drawn: exit relays and a small deferral ring. */
    static final boolean EXTRAS = Boolean.getBoolean("fsmgen.uml.extras");
    /** The event each state's exit action fires, -1 for none. */
    final int[] exitRelays;
    /** The spec's {@code deferLimit}. */
    final int deferLimit;
    /** The spec's {@code deferOverflow}: {@code THROW} (the default) only with the large limit, which never fills. */
    final DeferOverflow deferOverflow;

    FreeStatechart(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        states = 6 + random.nextInt(9);
        StateTree tree = StateTree.draw(random, states);
        parent = tree.parent();
        initialChild = tree.initialChild();
        history = tree.history();
        initial = random.nextInt(states);
        defers = new boolean[states][EVENTS];
        for (int s = 0; s < states; s++) {
            for (int event : DEFERRABLE) {
                defers[s][event] = random.nextInt(5) == 0;
            }
        }
        for (int s = -1; s < states; s++) {
            for (int event = 0; event < EVENTS; event++) {
                if ((s < 0 || !defers[s][event]) && random.nextInt(100) < (s < 0 ? 25 : 40)) {
                    addGroup(random, s, event, random.nextBoolean());
                }
            }
        }
        timeout = new int[states];
        for (int s = 0; s < states; s++) {
            if (random.nextInt(3) != 0) {
                continue;
            }
            timeout[s] = 10 * (2 + random.nextInt(10));
            addGroup(random, s, timerEvent(s), true); // FsmUnhandledTimeout: its state needs a row that fires
            List<Integer> inside = descendants(s);
            if (!inside.isEmpty() && random.nextInt(3) == 0) {
                addGroup(random, inside.get(random.nextInt(inside.size())), timerEvent(s), false);
            }
        }
        entryRelays = new int[states];
        for (int s = 0; s < states; s++) {
            entryRelays[s] = random.nextInt(6) == 0 ? random.nextInt(EVENTS) : -1;
        }
        exitRelays = new int[states];
        Arrays.fill(exitRelays, -1);
        boolean smallRing = false;
        boolean dropOldest = false;
        int limit = 4096;
        if (EXTRAS) {
            for (int s = 0; s < states; s++) {
                exitRelays[s] = random.nextInt(8) == 0 ? random.nextInt(EVENTS) : -1;
            }
            smallRing = random.nextInt(4) == 0;
            dropOldest = random.nextBoolean();
            limit = 1 + random.nextInt(3);
        }
        deferLimit = smallRing ? limit : 4096;
        deferOverflow = !smallRing ? DeferOverflow.THROW : dropOldest ? DeferOverflow.DROP_OLDEST
                : DeferOverflow.REJECT;
    }

    /** Up to three rows of one (state, event), each with another guard, the last unguarded when {@code total}. */
    private void addGroup(SplittableRandom random, int from, int event, boolean total) {
        int count = 1 + random.nextInt(3);
        int firstGuard = random.nextInt(GUARDS);
        for (int k = 0; k < count; k++) {
            int guard = k == count - 1 && total ? -1 : (firstGuard + k) % GUARDS;
            addRow(random, from, event, guard, random.nextBoolean());
        }
    }

    private void addRow(SplittableRandom random, int from, int event, int guard, boolean negated) {
        int id = rows.size();
        int relays = random.nextInt(4) == 0 ? random.nextInt(EVENTS) : -1;
        int kind = random.nextInt(10);
        if (from >= 0 && kind < 2) {
            rows.add(new Row(id, from, event, guard, negated, -1, false, false, relays));
            return;
        }
        List<Integer> inside = from < 0 ? List.of() : descendants(from);
        if (kind < 4 && !inside.isEmpty()) {
            rows.add(new Row(id, from, event, guard, negated, inside.get(random.nextInt(inside.size())), true, false,
                    relays));
            return;
        }
        int to = random.nextInt(states);
        boolean fromInside = from >= 0 && from != to && descendants(to).contains(from);
        boolean throughHistory = history[to] != History.NONE && !fromInside && random.nextInt(3) != 0;
        rows.add(new Row(id, from, event, guard, negated, to, false, throughHistory, relays));
    }

    List<Integer> children(int state) {
        return StateTree.children(parent, state);
    }

    /** The states strictly inside {@code state}. */
    List<Integer> descendants(int state) {
        List<Integer> result = new ArrayList<>();
        for (int s = 0; s < states; s++) {
            if (s != state && contains(state, s)) {
                result.add(s);
            }
        }
        return result;
    }

    /** Whether {@code inner} is {@code outer} or lies inside it. */
    boolean contains(int outer, int inner) {
        for (int at = inner; at >= 0; at = parent[at]) {
            if (at == outer) {
                return true;
            }
        }
        return false;
    }

    boolean timed() {
        return Arrays.stream(timeout).anyMatch(ms -> ms > 0);
    }

    /** The event of {@code state}'s timeout. */
    static int timerEvent(int state) {
        return EVENTS + state;
    }

    static String event(int e) {
        return e < EVENTS ? "E" + e : "T" + (e - EVENTS);
    }

    static String state(int s) {
        return "S" + s;
    }
}
