package io.fsmgen.examples.spring.statechart;

import static io.fsmgen.examples.spring.statechart.FreeStatechart.state;

import io.fsmgen.DeferOverflow;
import io.fsmgen.History;
import io.fsmgen.Outcome;
import io.fsmgen.examples.spring.statechart.FreeStatechart.Row;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link FreeStatechart} interpreted the slow, obvious way, from the README's semantics (UML 2.5 as SCXML's
 * algorithm makes it exact) and nothing of the processor's: the configuration is the active leaf and its ancestors;
 * an event walks out from the leaf, a state that defers it defers it, else its first row whose guard holds fires,
 * {@code "*"} rows last; an external row's domain is the innermost state that properly contains both its source and
 * its target, a local row's is its source; the exit set (every active state below the domain) records history and is
 * left from the leaf outwards, then the row's action runs, then the entry set is entered outermost first, down to a
 * leaf through initial children or the target's history; an entry arms the state's timeout, an exit cancels it.
 * A full deferral ring rejects the new event or drops its oldest, as the chart's {@code deferOverflow} says. Events
 * fired from actions, entries and exits wait in a queue; after any state change the deferred events are offered
 * again, oldest first and before the queue, one deferred again keeping its place, and the round starting over after
 * each further state change.
 */
final class UmlReference {

    final List<String> log = new ArrayList<>();
    final boolean[] flags = new boolean[FreeStatechart.GUARDS];
    /** How many more events actions and entries may fire in this step, as the spec's {@code budget}. */
    int budget;
    /** How many events a full deferral ring rejected or made room for by dropping its oldest. */
    int overflows;
    private final FreeStatechart chart;
    private final int[] memory;
    private final List<Integer> deferred = new ArrayList<>();
    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    /** Armed timeouts: {state, due, order armed}. */
    private final List<long[]> timers = new ArrayList<>();
    private int leaf;
    private boolean reofferPending;
    private long now;
    private long armed;

    UmlReference(FreeStatechart chart) {
        this.chart = chart;
        memory = new int[chart.states];
        Arrays.fill(memory, -1);
        List<Integer> entries = new ArrayList<>();
        for (int at = chart.initial; at >= 0; at = chart.parent[at]) {
            entries.add(0, at);
        }
        entries.forEach(this::enter);
        descend(chart.initial, false);
    }

    int leaf() {
        return leaf;
    }

    int deferredCount() {
        return deferred.size();
    }

    /**
     * What a restore from a snapshot does to the timeouts: each one armed is armed again with its full duration, in
     * the order the spec declares its {@code @Timeout} methods (state order).
     */
    void rearmTimers() {
        List<Integer> armedStates = timers.stream().map(timer -> (int) timer[0]).sorted().toList();
        timers.clear();
        for (int state : armedStates) {
            timers.add(new long[] {state, now + chart.timeout[state], armed++});
        }
    }

    /** Sends {@code event} from outside, then runs what it left due: deferred events, then queued ones. */
    Outcome send(int event) {
        Outcome outcome = dispatch(event, false);
        while (true) {
            if (reofferPending) {
                reoffer();
            }
            if (queue.isEmpty()) {
                return outcome;
            }
            dispatch(queue.poll(), false);
        }
    }

    /** Moves the clock by {@code millis}, firing each timeout that falls due, earliest (then first armed) first. */
    void advance(long millis) {
        long target = now + millis;
        while (true) {
            long[] next = null;
            for (long[] timer : timers) {
                if (timer[1] <= target && (next == null || timer[1] < next[1]
                        || timer[1] == next[1] && timer[2] < next[2])) {
                    next = timer;
                }
            }
            if (next == null) {
                now = target;
                return;
            }
            timers.remove(next);
            now = next[1];
            send(FreeStatechart.timerEvent((int) next[0]));
        }
    }

    private Outcome dispatch(int event, boolean reoffering) {
        for (int at = leaf; at >= 0; at = chart.parent[at]) {
            if (event < FreeStatechart.EVENTS && chart.defers[at][event]) {
                if (!reoffering) {
                    if (deferred.size() == chart.deferLimit) {
                        overflows++;
                        if (chart.deferOverflow == DeferOverflow.REJECT) {
                            return Outcome.UNHANDLED; // the machine's Unhandled policy: IGNORE
                        }
                        deferred.remove(0); // DROP_OLDEST (THROW is never drawn with a small ring)
                    }
                    deferred.add(event);
                }
                return Outcome.DEFERRED;
            }
            for (Row row : chart.rows) {
                if (row.from() == at && row.event() == event && row.holds(flags)) {
                    take(row);
                    return Outcome.HANDLED;
                }
            }
        }
        for (Row row : chart.rows) {
            if (row.from() < 0 && row.event() == event && row.holds(flags)) {
                take(row);
                return Outcome.HANDLED;
            }
        }
        return Outcome.UNHANDLED;
    }

    private void take(Row row) {
        if (row.to() < 0) {
            act(row);
            return;
        }
        int domain = row.local() ? row.from() : -1;
        if (!row.local() && row.from() >= 0) {
            for (int at = chart.parent[row.from()]; at >= 0 && domain < 0; at = chart.parent[at]) {
                if (at != row.to() && chart.contains(at, row.to())) {
                    domain = at;
                }
            }
        }
        List<Integer> exits = new ArrayList<>();
        for (int at = leaf; at != domain; at = chart.parent[at]) {
            exits.add(at);
        }
        for (int composite : exits) {
            if (chart.history[composite] == History.DEEP) {
                memory[composite] = leaf;
            } else if (chart.history[composite] == History.SHALLOW) {
                int child = leaf;
                while (chart.parent[child] != composite) {
                    child = chart.parent[child];
                }
                memory[composite] = child;
            }
        }
        exits.forEach(state -> {
            log.add("-" + state(state));
            relay(chart.exitRelays[state]);
        });
        timers.removeIf(timer -> exits.contains((int) timer[0]));
        act(row);
        List<Integer> entries = new ArrayList<>();
        for (int at = row.to(); at != domain; at = chart.parent[at]) {
            entries.add(0, at);
        }
        entries.forEach(this::enter);
        descend(row.to(), row.history());
        if (!deferred.isEmpty()) {
            reofferPending = true;
        }
    }

    /** Enters below {@code state}, just entered: through its history if asked and it remembers, else by default. */
    private void descend(int state, boolean throughHistory) {
        int at = state;
        if (throughHistory && memory[state] >= 0) {
            List<Integer> entries = new ArrayList<>();
            for (int inside = memory[state]; inside != state; inside = chart.parent[inside]) {
                entries.add(0, inside);
            }
            entries.forEach(this::enter);
            at = memory[state];
        }
        while (chart.initialChild[at] >= 0) {
            at = chart.initialChild[at];
            enter(at);
        }
        leaf = at;
    }

    private void enter(int state) {
        if (chart.timeout[state] > 0) {
            timers.add(new long[] {state, now + chart.timeout[state], armed++});
        }
        log.add("+" + state(state));
        relay(chart.entryRelays[state]);
    }

    private void act(Row row) {
        log.add("a" + row.id());
        relay(row.relays());
    }

    private void relay(int event) {
        if (event >= 0 && budget > 0) {
            budget--;
            queue.add(event);
        }
    }

    private void reoffer() {
        reofferPending = false;
        int index = 0;
        while (index < deferred.size()) {
            int event = deferred.remove(index);
            if (dispatch(event, true) == Outcome.DEFERRED) {
                deferred.add(index, event);
                index++;
            } else if (reofferPending) {
                reofferPending = false;
                index = 0;
            }
        }
    }
}
