package io.fsmgen.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Runs a sequence of moves on a fresh system, as the explorer found them, to describe each step as it happens. */
final class Runs {

    private Runs() {}

    /**
     * Takes {@code path} on a system fresh from {@code factory}, describing each move in the state it is taken from.
     * Nothing is decoded: the machines get there by their own transitions. A step that throws ends the run (it is the
     * violation being described).
     *
     * @throws IllegalStateException when a move of the path is not enabled: the model's moves depend on something
     *     its components do not encode
     */
    static List<Counterexample.Step> describe(Supplier<ClosedSystem> factory, List<Integer> path) {
        ClosedSystem system = factory.get();
        return take(system, path);
    }

    static List<Counterexample.Step> take(ClosedSystem system, List<Integer> path) {
        List<Counterexample.Step> steps = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            Move move = system.moves().get(path.get(i));
            boolean last = i == path.size() - 1;
            boolean enabled;
            try {
                enabled = move.enabled();
            } catch (RuntimeException | AssertionError | StackOverflowError failure) {
                if (!last) {
                    throw new IllegalStateException(system.name() + ": the guard of step " + (i + 1) + " threw "
                            + failure + " when the run was taken again, but not during exploration", failure);
                }
                steps.add(new Counterexample.Step(path.get(i), described(move))); // the step whose guard failed
                break;
            }
            if (!enabled) {
                throw new IllegalStateException(system.name() + ": step " + (i + 1) + ", " + move.name()
                        + ", is not enabled when the run is taken again from the start, although the explorer took"
                        + " it there: the model's moves depend on state its components do not encode");
            }
            steps.add(new Counterexample.Step(path.get(i), described(move)));
            try {
                move.apply();
            } catch (RuntimeException | AssertionError | StackOverflowError failure) {
                if (!last) {
                    throw new IllegalStateException(system.name() + ": step " + (i + 1) + " threw " + failure
                            + " when the run was taken again, but not during exploration", failure);
                }
            }
        }
        return steps;
    }

    /** The move's description; the model's own code, so one that throws is named instead of ending the search. */
    private static String described(Move move) {
        try {
            return move.describe();
        } catch (RuntimeException | AssertionError | StackOverflowError failure) {
            return move.name() + " (its description threw " + failure + ")";
        }
    }
}
