package io.fsmgen.examples.spring.statechart;

import io.fsmgen.History;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random hierarchical machine, as plain data that {@link FsmgenSource} writes as an fsmgen spec and
 * {@link SpringStatechart} builds with Spring's builder: states {@code S0..}, events {@code E0..E5}, a tree of depth
 * up to four with several composites, shallow and deep history, guarded, internal, local and external rows (composite
 * self-transitions included), and deferral; a timed chart also has timeouts, each with its own event {@code T<n>}.
 *
 * <p>Where Spring Statemachine 4.0.2 departs from UML, the generator leaves that corner out, and says so here (the
 * README's "Hierarchical machines against Spring" and MIGRATING-FROM-SPRING.md list every deviation with the Spring
 * issues that come closest):
 * <ul>
 *   <li><b>Guard order.</b> Spring keeps a machine's transitions in a {@code HashMap} keyed by trigger and tries the
 *       candidates of one state in that map's (identity hash) order, not in declaration order. The rows of one
 *       (state, event) are therefore a single row, or two rows with complementary guards ({@code g}, {@code !g}), so
 *       that at most one can fire whatever the order. Declaration order is tested against fsmgen's own semantics in
 *       the behaviour tests instead.
 *   <li><b>Deferral.</b> Spring checks deferral per submachine before transitions, releases deferred events only into
 *       the transitions of the machine that deferred them, keeps a released event that nothing handles, and, when a
 *       deferred event is re-examined in a state that still defers it, fires any transition the state has for it.
 *       Deferral is therefore generated on top-level states only, for one event ({@code E5}) that only {@code "*"}
 *       rows without a guard handle (in Spring: one transition on each top-level state that does not defer it).
 *   <li><b>Local transitions</b> target a child of their source. When the target lies two or more levels below,
 *       Spring exits the composites in between but enters only the target (a state left inactive while its child
 *       is active); fsmgen exits and re-enters them, as SCXML's exit and entry sets say.
 *   <li><b>External targets</b> are children of the transition's domain: top-level states, or siblings of the
 *       source or of one of its ancestors (composite self-transitions included). Entering a state more than one
 *       level below the domain makes Spring enter the initial states of the submachines in between as well as the
 *       target. Entries several levels deep are still generated, through initial children and through history. And
 *       not an ancestor of the source: Spring exits that ancestor but does not enter it again (compare
 *       spring-attic/spring-statemachine#30); a composite's self-transition, declared on the composite, is generated
 *       and agrees.
 *   <li><b>History entries</b> come from outside the composite. From inside, fsmgen rejects them at build time
 *       (the composite is still active, so its history is stale); from the composite itself (exit it, then resume
 *       what it just had, as SCXML does) Spring enters the composite but nothing below it. fsmgen's behaviour tests
 *       cover that case.
 *   <li><b>Deep history</b> is generated on composites whose children are leaves (shallow history everywhere).
 *       Over a nested composite Spring resumed a leaf the composite had left long before: its deep history was not
 *       updated when a later visit ended in another leaf of the nested composite. fsmgen's behaviour tests check deep
 *       history over several levels. Compare spring-attic/spring-statemachine#402.
 *   <li><b>Composites with history</b> are always entered through it, never by default: not the machine's initial
 *       state, not an initial child, no composite self-transition, no ancestor with history, and a row that targets
 *       one targets its history. Spring records a composite's history when one of its children is entered, except
 *       through the composite's initial transition ("do not set history if this is initial transition", in
 *       {@code AbstractStateMachine}); a composite entered by default and left from its initial child would then
 *       resume the child it had before.
 *   <li><b>Extended state.</b> A third of the rows' actions increment a counter, and guard {@code g2} reads its
 *       parity (with its flag), so that a guard's value depends on the actions run before it, in earlier steps and in
 *       the same step (a deferred event released after a writing row). Spring's guards and actions read and write
 *       its {@code ExtendedState}; the counters are compared after every step.
 *   <li><b>Initial state.</b> Top-level, as Spring's top region requires.
 *   <li><b>Timeouts</b> (timed charts only: {@link TimedStatechartDifferentialTest}) are Spring's {@code timerOnce},
 *       armed on a state's entry and disarmed on its exit. None is put on a state that Spring enters where UML does
 *       not, or does not enter where UML does (an initial child inside a composite with history: the entry
 *       deviations above), since its timer would count from Spring's entries. A timeout inside a top-level state
 *       that defers {@code E5} has an internal or local row, which stays inside it: a state change that a timer
 *       makes does not release Spring's deferred events, which wait for the next event sent
 *       (spring-attic/spring-statemachine#1110, {@code SpringDeferTimerTest}).
 * </ul>
 */
final class RandomStatechart {

    static final int EVENTS = 6;
    /** The event that top-level states may defer and only {@code "*"} rows handle. */
    static final int DEFERRED_EVENT = 5;
    static final int GUARDS = 3;
    /**
     * The guard that also reads extended state: {@code g2} holds when its flag differs from the parity of a counter
     * that the actions of the {@link #writes writing} rows increment, Spring's {@code ExtendedState} variable and an
     * {@code @ExtendedState} field of the spec.
     */
    static final int COUNTER_GUARD = 2;

    /** One row. {@code from} is -1 for {@code "*"}; {@code to} is -1 for an internal row. */
    record Row(int id, int from, int event, int guard, boolean negated, int to, boolean local, boolean history) {
        boolean guarded() {
            return guard >= 0;
        }

        String action() {
            return "a" + id;
        }
    }

    final int states;
    final int[] parent;
    final int[] initialChild;
    final History[] history;
    final int initial;
    final List<Row> rows = new ArrayList<>();
    final boolean[] defersE5;
    /** Each state's timeout in ms, 0 for none; its event is {@code T<state>} ({@link #timerEvent}). */
    final int[] timeout;
    /** Per row: whether its action increments the counter that {@link #COUNTER_GUARD} reads. */
    final boolean[] writes;

    RandomStatechart(long seed) {
        this(seed, false);
    }

    /**
     * With {@code timed}, some states also get a timeout (Spring's {@code timerOnce}) and one row for its event, drawn
     * from a random of their own after everything else, so that the untimed machine of a seed stays the same.
     */
    RandomStatechart(long seed, boolean timed) {
        SplittableRandom random = new SplittableRandom(seed);
        states = 7 + random.nextInt(8);
        StateTree tree = StateTree.draw(random, states);
        int topLevel = tree.topLevel();
        parent = tree.parent();
        initialChild = tree.initialChild();
        history = tree.history();
        for (int s = 0; s < states; s++) {
            if (history[s] == History.DEEP && children(s).stream().anyMatch(c -> !children(c).isEmpty())) {
                history[s] = History.SHALLOW; // see the class comment: Spring's deep history over nested composites
            }
        }
        initial = random.nextInt(topLevel);
        for (int s = 0; s < states; s++) {
            boolean enteredByDefault = s == initial || (parent[s] >= 0 && initialChild[parent[s]] == s);
            boolean ancestorRemembers = false;
            for (int at = parent[s]; at >= 0; at = parent[at]) {
                ancestorRemembers |= history[at] != History.NONE;
            }
            if (enteredByDefault || ancestorRemembers || parent[s] >= 0) {
                history[s] = History.NONE; // see the class comment: Spring records history only on some entries
            }
        }
        defersE5 = new boolean[states];
        for (int s = 0; s < topLevel; s++) {
            defersE5[s] = random.nextInt(3) == 0;
        }
        for (int s = 0; s < states; s++) {
            for (int event = 0; event < DEFERRED_EVENT; event++) {
                if (random.nextInt(100) < 45) {
                    addGroup(random, s, event);
                }
            }
        }
        if (random.nextInt(4) != 0) {
            int to = random.nextInt(3) == 0 ? -1 : random.nextInt(topLevel);
            rows.add(new Row(rows.size(), -1, DEFERRED_EVENT, -1, false, to, false,
                    to >= 0 && history[to] != History.NONE));
        } else {
            java.util.Arrays.fill(defersE5, false); // nothing handles E5: deferring it would only pile it up
        }
        timeout = new int[states];
        if (timed) {
            addTimers(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1));
        }
        // drawn last, from a random of its own, so that the rest of a seed's machine stays the same
        SplittableRandom writers = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 2);
        writes = new boolean[rows.size()];
        for (int r = 0; r < writes.length; r++) {
            writes[r] = writers.nextInt(3) == 0;
        }
    }

    /**
     * A timeout on about a third of the states, 30 to 140 ms, each with one row, guarded or not: any kind that
     * {@link #addRow} draws, or a self-transition (of a leaf too), but inside a deferring top-level state internal or
     * local only.
     */
    private void addTimers(SplittableRandom random) {
        for (int s = 0; s < states; s++) {
            if (random.nextInt(3) != 0 || enteredApartFromUml(s)) {
                continue;
            }
            timeout[s] = 10 * (3 + random.nextInt(12));
            int guard = random.nextBoolean() ? -1 : random.nextInt(GUARDS);
            int top = s;
            while (parent[top] >= 0) {
                top = parent[top];
            }
            if (defersE5[top]) {
                List<Integer> children = children(s);
                int to = children.isEmpty() || random.nextBoolean() ? -1
                        : children.get(random.nextInt(children.size()));
                rows.add(new Row(rows.size(), s, timerEvent(s), guard, random.nextBoolean(), to, to >= 0, false));
            } else if (random.nextInt(5) == 0 && history[s] == History.NONE) {
                rows.add(new Row(rows.size(), s, timerEvent(s), guard, random.nextBoolean(), s, false, false));
            } else {
                addRow(random, s, timerEvent(s), guard, random.nextBoolean());
            }
        }
    }

    /**
     * Whether Spring may enter {@code state} where UML does not, or not enter it where UML does (the entry deviations
     * of {@code SpringEntryDeviations}): an initial child inside a composite with history, whose surplus initial
     * entries leave the chain's submachines running, so that later entries there are missed as well. Spring arms a
     * state's timers on its entry and disarms them on its exit, so a timer there would tick on Spring's entries, not
     * UML's. An initial child of an initial child elsewhere is entered as UML enters it by every row generated here
     * ({@code SpringReentryTimerTest} drives such paths, and the one row, not generated, where it is not).
     */
    private boolean enteredApartFromUml(int state) {
        if (!isInitialChild(state)) {
            return false;
        }
        for (int at = parent[state]; at >= 0; at = parent[at]) {
            if (history[at] != History.NONE) {
                return true;
            }
        }
        return false;
    }

    private boolean isInitialChild(int state) {
        return state >= 0 && parent[state] >= 0 && initialChild[parent[state]] == state;
    }

    /** The event of {@code state}'s timeout. */
    static int timerEvent(int state) {
        return EVENTS + state;
    }

    /** One (state, event) group: a single row, or two rows with complementary guards. */
    private void addGroup(SplittableRandom random, int from, int event) {
        int shape = random.nextInt(3);
        int guard = random.nextInt(GUARDS);
        if (shape == 0) {
            addRow(random, from, event, -1, false);
        } else if (shape == 1) {
            addRow(random, from, event, guard, random.nextBoolean());
        } else {
            addRow(random, from, event, guard, false);
            addRow(random, from, event, guard, true);
        }
    }

    private void addRow(SplittableRandom random, int from, int event, int guard, boolean negated) {
        List<Integer> historyComposites = new ArrayList<>();
        for (int s = 0; s < states; s++) {
            if (history[s] != History.NONE && s != from && !descendants(s).contains(from)) {
                historyComposites.add(s);
            }
        }
        int kind = random.nextInt(10);
        int id = rows.size();
        if (kind < 2) {
            rows.add(new Row(id, from, event, guard, negated, -1, false, false));
        } else if (kind < 4 && !children(from).isEmpty()) {
            List<Integer> children = children(from);
            int to = children.get(random.nextInt(children.size()));
            rows.add(new Row(id, from, event, guard, negated, to, true, false));
        } else if (kind < 5 && !historyComposites.isEmpty()) {
            int to = historyComposites.get(random.nextInt(historyComposites.size()));
            rows.add(new Row(id, from, event, guard, negated, to, false, true));
        } else if (kind < 6 && isComposite(from) && history[from] == History.NONE) {
            rows.add(new Row(id, from, event, guard, negated, from, false, false)); // composite self-transition
        } else {
            Row row;
            do {
                row = new Row(id, from, event, guard, negated, random.nextInt(states), false, false);
            } while (parent[row.to()] != domain(row) || row.to() == from || descendants(row.to()).contains(from));
            if (history[row.to()] != History.NONE) {
                row = new Row(id, from, event, guard, negated, row.to(), false, true);
            }
            rows.add(row);
        }
    }

    /**
     * The domain of an external or local row, as SCXML computes it: the source for a local row, else the innermost
     * proper ancestor of the source that contains the target; -1 for the root.
     */
    int domain(Row row) {
        if (row.from() < 0) {
            return -1;
        }
        if (row.local()) {
            return row.from();
        }
        for (int at = parent[row.from()]; at >= 0; at = parent[at]) {
            if (descendants(at).contains(row.to())) {
                return at;
            }
        }
        return -1;
    }

    boolean isComposite(int state) {
        return initialChild[state] >= 0;
    }

    List<Integer> children(int state) {
        return StateTree.children(parent, state);
    }

    /** The states strictly inside {@code state}. */
    List<Integer> descendants(int state) {
        List<Integer> result = new ArrayList<>();
        for (int s = 0; s < states; s++) {
            for (int at = parent[s]; at >= 0; at = parent[at]) {
                if (at == state) {
                    result.add(s);
                    break;
                }
            }
        }
        return result;
    }

    static String state(int s) {
        return "S" + s;
    }

    static String event(int e) {
        return e < EVENTS ? "E" + e : "T" + (e - EVENTS);
    }
}
