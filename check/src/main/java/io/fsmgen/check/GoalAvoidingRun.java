package io.fsmgen.check;

import java.util.List;

/**
 * A run along which an "eventually" property's goal never holds, as the fairness analysis found it: {@code prefix},
 * the moves from the initial state to the point from which the run can no longer reach the goal, then either nothing
 * (a state where nothing moves) or a fair cycle repeated forever.
 */
sealed interface GoalAvoidingRun {

    /** The moves from the initial state to {@link Stuck#state} or {@link Lasso#entry}, through goal-free states. */
    List<Integer> prefix();

    /** The run ends in {@code state}, where nothing moves; {@code message} says so, as the search put it. */
    record Stuck(int state, List<Integer> prefix, String message) implements GoalAvoidingRun {}

    /** The run reaches {@code entry}, then repeats {@code cycle} (at least one move) forever, fairly. */
    record Lasso(int entry, List<Integer> prefix, List<Integer> cycle) implements GoalAvoidingRun {}
}
