package io.fsmgen.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a fair run that never reaches an "eventually" goal leaves the model's bounds, which makes the property
 * neither held nor violated: what the run does next was not explored. It leaves them at {@code state} by {@code
 * move}, for one of two reasons.
 */
sealed interface LeavingTheBounds {

    int state();

    int move();

    /** Why the run leaves the bounds at the state, for a reader who knows the move's name. */
    String why(String move);

    /**
     * The verdict's account: the goal-free {@code path} (move numbers) to the state, then why the run leaves there.
     */
    default String describe(List<Move> moves, List<Integer> path) {
        List<String> names = new ArrayList<>();
        for (int m : path) {
            names.add(moves.get(m).name());
        }
        return "a fair run that never reaches the goal leaves the model's bounds: after "
                + (names.isEmpty() ? "no step" : String.join(", ", names)) + ", " + why(moves.get(move()).name());
    }

    /**
     * Every move that changes anything at {@code state} leaves the bounds ({@code move} is one of them); a move to the
     * state itself is no way on, as for the search's "nothing moves".
     */
    record EveryMoveLeaves(int state, int move) implements LeavingTheBounds {
        @Override
        public String why(String move) {
            return "every move leaves them (" + move + ", say)";
        }
    }

    /**
     * Fairness forces a run out of a cycle of goal-free states, and the fair {@code move}, pending throughout and
     * never taken inside, leaves the bounds from {@code state}.
     */
    record ForcedOut(int state, int move) implements LeavingTheBounds {
        @Override
        public String why(String move) {
            return move + " stays pending on a cycle of states that never reach the goal, and taking it there"
                    + " leaves them";
        }
    }
}
