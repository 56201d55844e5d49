package io.fsmgen.check;

import io.fsmgen.StateBits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Enumerates every reachable global state of a {@link ClosedSystem}, breadth-first, and checks its properties: each
 * invariant after every step, responsiveness on every step, deadlock freedom in every state where nothing moves, and
 * each "eventually" property under weak fairness once the state space is complete ({@link FairCycles}).
 *
 * <p>Breadth-first order makes every counterexample a shortest one: the explorer reaches each state first by a
 * shortest path, and keeps, per state, only the state and move it came from ({@link StateStore}). An "eventually"
 * property's counterexample is the goal-free run with the shortest prefix, as {@link FairCycles} defines it. A
 * state is a bit string ({@link ClosedSystem#encode}); to try a move, the explorer decodes the state into the
 * system's one mutable world, applies the move, and encodes the result, so the machines it explores are the real
 * generated ones, running their real {@code fire}.
 *
 * <p>Bounds: {@link ExplorerOptions#maxStates()} and {@link ExplorerOptions#maxMemoryBytes()} stop the search with a
 * message (verdicts without a counterexample become {@link Verdict.Status#UNKNOWN}); the heap is checked before each
 * growth, so a search too big for the machine ends with a report rather than an {@link OutOfMemoryError}.
 */
public final class Explorer {

    private final ExplorerOptions options;

    public Explorer(ExplorerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Explorer() {
        this(ExplorerOptions.defaults());
    }

    /** Explores the system {@code factory} builds; calls it again to describe and replay counterexamples. */
    public Report explore(Supplier<ClosedSystem> factory) {
        return new Run(factory).run();
    }

    /**
     * A violation as found: the moves from the initial state to where it shows, then {@code cycle}, the moves that
     * repeat forever (none but for an "eventually" property's fair cycle), and what is wrong.
     */
    private record Found(Counterexample.Kind kind, List<Integer> path, List<Integer> cycle, String message) {}

    /** One exploration's mutable state. */
    private final class Run {
        private final Supplier<ClosedSystem> factory;
        private final ClosedSystem system;
        private final List<Move> moves;
        private final StateStore store;
        private final StateBits current = new StateBits(4);
        private final StateBits next = new StateBits(4);
        private final Map<Property, Found> found = new HashMap<>();
        private final List<Property.Invariant> invariants = new ArrayList<>();
        private final List<Property.Eventually> eventually = new ArrayList<>();
        private final List<Property.DeadlockFreedom> deadlock = new ArrayList<>();
        private final List<Property.Responsiveness> responsiveness = new ArrayList<>();
        /**
         * Per "eventually" property, the states where nothing moves and its goal does not hold, each with the message
         * it would violate the property with: the fairness analysis shows the one with the shortest goal-free path
         * unless a fair cycle starts sooner.
         */
        private final Map<Property.Eventually, Map<Integer, String>> stuckStates = new HashMap<>();
        /** Per "eventually" property the fairness analysis could not decide, the run it followed out of the bounds. */
        private final Map<Property, String> cutOff = new HashMap<>();
        private final StateBits ancestor = new StateBits(4);
        private final long started = System.nanoTime();
        private long transitions;
        private long pruned;
        private String stopReason = "";
        private long nextProgress;

        Run(Supplier<ClosedSystem> factory) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.system = Objects.requireNonNull(factory.get(), "the factory returned null");
            ClosedSystem another = factory.get();
            if (another == system) {
                throw new IllegalArgumentException(system.name() + ": the factory returned the same system twice; it"
                        + " must build a fresh one each time (counterexamples are taken again from the start on one)");
            }
            this.moves = system.moves();
            this.store = new StateStore(new MemoryBound(options.maxMemoryBytes()));
            for (Property property : system.properties()) {
                if (property instanceof Property.Invariant invariant) {
                    invariants.add(invariant);
                } else if (property instanceof Property.Eventually goal) {
                    eventually.add(goal);
                } else if (property instanceof Property.DeadlockFreedom free) {
                    deadlock.add(free);
                } else {
                    responsiveness.add((Property.Responsiveness) property);
                }
            }
            this.nextProgress = started + options.progressEvery().toNanos();
        }

        Report run() {
            system.checkEncodings();
            system.checkGuardsLeaveTheState();
            system.encode(next);
            store.add(next, StateStore.NONE, 0);
            checkInvariants(0);
            boolean complete = search();
            Duration searched = Duration.ofNanos(System.nanoTime() - started);
            int depth = store.count() == 0 ? 0 : pathTo(store.count() - 1).size();
            if (complete && !eventually.isEmpty() && !stoppedByViolation()) {
                FairCycles cycles = new FairCycles(system, store, new MemoryBound(options.maxMemoryBytes()));
                for (Property.Eventually goal : eventually) {
                    if (found.containsKey(goal) && found.get(goal).kind() != Counterexample.Kind.STUCK) {
                        continue; // a failure of the model's code; a state where nothing moves competes with cycles
                    }
                    FairCycles.Finding finding;
                    try {
                        finding = cycles.find(goal, stuckStates.getOrDefault(goal, Map.of()));
                    } catch (FairCycles.CannotFinish cannotFinish) {
                        if (found.containsKey(goal)) {
                            continue; // it could only have shortened the search's run: that one stands
                        }
                        stopReason = cannotFinish.getMessage();
                        complete = false;
                        break;
                    } catch (OutOfMemoryError heap) {
                        if (found.containsKey(goal)) {
                            continue; // its arrays are garbage already; the search's run stands
                        }
                        // Its maps outgrew the heap despite the bound's estimate: say so, as the search itself does.
                        cycles = null;
                        stopReason = "stopped: the heap ran out in the fairness analysis of " + goal.name()
                                + " after " + store.count() + " states; give the JVM more memory (-Xmx) or lower the"
                                + " bounds";
                        complete = false;
                        break;
                    }
                    if (finding instanceof FairCycles.Finding.Unknown unknown) {
                        cutOff.put(goal, unknown.because());
                    } else if (finding instanceof FairCycles.Finding.Violated violated) {
                        found.put(goal, violation(goal, violated.run()));
                    }
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            List<Verdict> verdicts = new ArrayList<>();
            for (Property property : system.properties()) {
                Found violation = found.get(property);
                if (violation != null) {
                    verdicts.add(new Verdict(property, Verdict.Status.VIOLATED,
                            Optional.of(counterexample(property, violation))));
                } else if (!complete) {
                    verdicts.add(new Verdict(property, Verdict.Status.UNKNOWN, Optional.empty(),
                            Optional.of(stopReason)));
                } else if (cutOff.containsKey(property)) {
                    verdicts.add(new Verdict(property, Verdict.Status.UNKNOWN, Optional.empty(),
                            Optional.of(cutOff.get(property))));
                } else {
                    verdicts.add(new Verdict(property, Verdict.Status.HOLDS, Optional.empty()));
                }
            }
            Report report = new Report(system.name(), complete, stopReason, store.count(), transitions, pruned,
                    depth, elapsed, searched, store.usedBytes(), verdicts);
            options.progress().accept(system.name() + ": done: " + report.summary());
            return report;
        }

        /** The violation of {@code goal} that {@code run}, which never reaches it, shows. */
        private Found violation(Property.Eventually goal, GoalAvoidingRun run) {
            if (run instanceof GoalAvoidingRun.Stuck stuck) {
                return new Found(Counterexample.Kind.STUCK, stuck.prefix(), List.of(), stuck.message());
            }
            GoalAvoidingRun.Lasso lasso = (GoalAvoidingRun.Lasso) run; // the other of the two
            return new Found(Counterexample.Kind.CYCLE, lasso.prefix(), lasso.cycle(), "the steps from the marked one"
                    + " repeat forever, every fair move taken or disabled along the way, and " + goal.sentence()
                    + " never happens");
        }

        /** Breadth-first over the stored states, in the order they were found. True when it ran to the end. */
        private boolean search() {
            for (int id = 0; id < store.count(); id++) {
                store.load(id, current);
                if (!decoded(id)) {
                    return false;
                }
                boolean clean = true;
                boolean moved = false;
                for (int m = 0; m < moves.size(); m++) {
                    Move move = moves.get(m);
                    if (!clean) {
                        current.rewind();
                        if (!decoded(id)) {
                            return false;
                        }
                        clean = true;
                    }
                    boolean stepping = false;
                    try {
                        if (!move.enabled()) {
                            continue;
                        }
                        clean = false;
                        stepping = true;
                        system.beginStep();
                        transitions++;
                        move.apply();
                        if (system.overflowed()) {
                            pruned++;
                            moved = true; // a successor exists beyond the bound: this state is not stuck
                            continue;
                        }
                        next.clear();
                        system.encode(next); // may throw: a value outside an @ExtendedState range is a failure too
                    } catch (RuntimeException | AssertionError | StackOverflowError failure) {
                        if (stepping && OutOfBounds.isCause(failure)) {
                            pruned++;
                            moved = true;
                            continue;
                        }
                        if (!stepping) {
                            system.beginStep(); // so that the guard's failure is not read with a last step's leftovers
                        }
                        // The model's own code, a guard's or a step's: a failure with the path that led to it.
                        stepFailed(id, m, stepping ? "the step threw " : "the step's guard threw ", failure);
                        moved = true;
                        if (stop()) {
                            return false;
                        }
                        continue;
                    }
                    if (system.unhandled().isPresent()) {
                        unresponsive(id, m, system.unhandled().get());
                    }
                    long bound = Math.min(options.maxStates(), StateStore.MAX_STATES);
                    if (store.count() >= bound && store.find(next) == StateStore.NONE) {
                        // A new state beyond the bound: stop before storing it, with exactly the bound stored.
                        stopReason = String.format(Locale.ROOT, "stopped at the state bound: %,d states stored, a new"
                                + " one found beyond it, %,d still to explore", store.count(), store.count() - id);
                        return false;
                    }
                    int added;
                    try {
                        added = store.add(next, id, m);
                    } catch (OutOfMemoryError heap) {
                        stopReason = "stopped: the heap ran out while storing state " + store.count()
                                + "; give the JVM more memory (-Xmx) or lower the bounds";
                        return false;
                    }
                    if (added == StateStore.NONE) {
                        stopReason = String.format(Locale.ROOT, "stopped at the memory bound (%,d bytes, or the heap"
                                + " left): %,d states stored, %,d still to explore", options.maxMemoryBytes(),
                                store.count(), store.count() - id);
                        return false;
                    }
                    if (added >= 0) {
                        moved = true;
                        checkInvariants(added);
                    } else if (-2 - added != id) {
                        moved = true;
                    }
                    if (stop()) {
                        return false;
                    }
                }
                if (!moved) {
                    if (!clean) {
                        current.rewind();
                        if (!decoded(id)) {
                            return false;
                        }
                    }
                    stuck(id);
                    if (stop()) {
                        return false;
                    }
                }
                if ((id & 1023) == 0) {
                    progress(id);
                }
            }
            return true;
        }

        /**
         * Decodes the loaded state {@code id} into the system. The model's own code: a decode that throws on a state
         * its encode wrote stops the search with the path to that state, not with the bare exception.
         */
        private boolean decoded(int id) {
            try {
                system.decode(current);
                return true;
            } catch (RuntimeException | AssertionError | StackOverflowError failure) {
                StringBuilder path = new StringBuilder();
                for (Counterexample.Step step : Runs.describe(factory, pathTo(id))) {
                    path.append(path.length() == 0 ? "" : ", ").append(step.description());
                }
                stopReason = "stopped: decoding state " + id + " threw " + failure + "; the model's encode and decode"
                        + " disagree there (reached by: " + (path.length() == 0 ? "the initial state" : path) + ")";
                return false;
            }
        }

        private boolean stoppedByViolation() {
            return options.stopAtFirstViolation() && !found.isEmpty();
        }

        private boolean stop() {
            if (stoppedByViolation()) {
                stopReason = "stopped at the first violation";
                return true;
            }
            return false;
        }

        /** The system is in state {@code id}, just added. */
        private void checkInvariants(int id) {
            for (Property.Invariant invariant : invariants) {
                if (found.containsKey(invariant)) {
                    continue;
                }
                Tested holds = Tested.of(invariant.holds());
                if (!holds.holds()) {
                    // A test that throws does not hold either: the path that made it throw is shown.
                    found.put(invariant, new Found(Counterexample.Kind.INVARIANT, pathTo(id), List.of(),
                            "the invariant " + invariant.name() + " " + holds.why("fails", "") + ": "
                                    + system.machineStates()));
                }
            }
        }

        /** The system is in state {@code id}, where no move changes anything. */
        private void stuck(int id) {
            for (Property.DeadlockFreedom free : deadlock) {
                if (found.containsKey(free)) {
                    continue;
                }
                Tested end = Tested.of(free.endState());
                if (!end.holds()) {
                    found.put(free, new Found(Counterexample.Kind.DEADLOCK, pathTo(id), List.of(),
                            "nothing can move, and " + end.why("this is no end state", "the end-state test") + ": "
                                    + system.machineStates()));
                }
            }
            Map<Property.Eventually, String> unreached = new LinkedHashMap<>();
            for (Property.Eventually goal : eventually) {
                if (found.containsKey(goal)) {
                    continue;
                }
                Tested reached = Tested.of(goal.goal());
                if (!reached.holds()) {
                    unreached.put(goal, "nothing can move any more, and " + reached.why("the goal was never reached",
                            "the goal's test") + ": " + system.machineStates());
                }
            }
            // Only a run along which the goal never held violates it: look back along the search's path (which
            // decodes other states; nothing after this reads state id). A path through the goal leaves the state
            // to the fairness analysis, which looks for another way to it. Either way the analysis, if the search
            // completes, weighs the state against the fair cycles and shows the run that goes wrong soonest; if the
            // search stops early, a violation found on its own path is what is shown.
            unreached.forEach((goal, message) -> {
                stuckStates.computeIfAbsent(goal, g -> new LinkedHashMap<>()).put(id, message);
                if (goalNeverHeldBefore(id, goal)) {
                    found.put(goal, new Found(Counterexample.Kind.STUCK, pathTo(id), List.of(), message));
                }
            });
        }

        /** Whether {@code goal} fails in every state on the search's path to {@code id}, {@code id} excluded. */
        private boolean goalNeverHeldBefore(int id, Property.Eventually goal) {
            for (int at = store.parent(id); at != StateStore.NONE; at = store.parent(at)) {
                store.load(at, ancestor);
                system.decode(ancestor);
                if (Tested.of(goal.goal()).holds()) {
                    return false;
                }
            }
            return true;
        }

        private void unresponsive(int id, int move, String what) {
            for (Property.Responsiveness property : responsiveness) {
                found.computeIfAbsent(property, p -> new Found(Counterexample.Kind.UNRESPONSIVE, pathThen(id, move),
                        List.of(), what + ", and the system does not declare that it may ignore it"));
            }
        }

        private void stepFailed(int id, int move, String what, Throwable failure) {
            Optional<String> unhandled = system.unhandled();
            if (unhandled.isPresent() && !responsiveness.isEmpty()) {
                unresponsive(id, move, unhandled.get());
                return;
            }
            String message = what + failure;
            for (Property property : system.properties()) {
                found.computeIfAbsent(property, p -> new Found(Counterexample.Kind.FAILURE, pathThen(id, move),
                        List.of(), message));
            }
        }

        private void progress(int id) {
            long now = System.nanoTime();
            if (now < nextProgress) {
                return;
            }
            nextProgress = now + options.progressEvery().toNanos();
            double seconds = (now - started) / 1e9;
            options.progress().accept(String.format(Locale.ROOT, "%s: %,d states (%,d to explore), %,d transitions,"
                            + " depth %d, %,.0f states/s, %.1f MiB stored", system.name(), store.count(),
                    store.count() - id, transitions, pathTo(id).size(), store.count() / seconds,
                    store.usedBytes() / 1048576.0));
        }

        private List<Integer> pathTo(int id) {
            List<Integer> path = new ArrayList<>();
            for (int at = id; store.parent(at) != StateStore.NONE; at = store.parent(at)) {
                path.add(store.move(at));
            }
            java.util.Collections.reverse(path);
            return path;
        }

        /** The search's path to {@code id}, then {@code move}: a step whose result was not stored. */
        private List<Integer> pathThen(int id, int move) {
            List<Integer> path = pathTo(id);
            path.add(move);
            return path;
        }

        private Counterexample counterexample(Property property, Found violation) {
            List<Integer> path = new ArrayList<>(violation.path());
            int cycleStart = -1;
            if (!violation.cycle().isEmpty()) {
                cycleStart = path.size();
                path.addAll(violation.cycle());
            }
            return new Counterexample(property.name(), violation.kind(), Runs.describe(factory, path), cycleStart,
                    violation.message());
        }
    }
}
