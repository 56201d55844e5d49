package io.fsmgen.check;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One kind of step the closed system can take: a user call, a delivery, a loss, a timer expiry, an attacker's
 * injection. The explorer tries every enabled move in every state, so a move must be a deterministic function of the
 * state the components encode: non-determinism (which segment is lost, which side calls first) is expressed as
 * several moves.
 *
 * <p>A <em>fair</em> move is one that cannot stay enabled forever without being taken (weak fairness): a delivery,
 * a user call the user will eventually make, a timer that will expire. "Eventually" properties are checked only over
 * fair runs. Losses, duplications and an attacker's moves are not fair: the network and the attacker may always
 * refrain.
 */
public interface Move {

    /** A short, stable name: "client CLOSE", "deliver client->server #1". */
    String name();

    /** Whether the move can be taken in the current state. Must not change anything. */
    boolean enabled();

    /**
     * Takes the move. A step that exceeds a bound of the model (a message sent into a full channel) is recorded by
     * the {@link Bounded} part it overflows, or thrown as {@link OutOfBounds} by a move that can tell beforehand: the
     * explorer then counts it and discards the successor.
     */
    void apply();

    /** What the move does in the current state, for a counterexample: "network loses ACK client->server". */
    default String describe() {
        return name();
    }

    /** Whether the move is weakly fair; see the class comment. */
    default boolean fair() {
        return true;
    }

    /**
     * Whether the move is pending, for fairness: a fair move that stays pending forever is eventually taken. By
     * default the same as {@link #enabled()}. A timer is pending while it is armed, even where the model lets it
     * expire only later (after a round trip, after 2·MSL): the real timer keeps running there, so a run that passes
     * such states forever without the timer expiring is not fair.
     */
    default boolean pending() {
        return enabled();
    }

    /** A move from lambdas. */
    static Move of(String name, boolean fair, BooleanSupplier enabled, Runnable apply) {
        return of(name, fair, enabled, apply, () -> name);
    }

    /** A move from lambdas, with a description that may depend on the state. */
    static Move of(String name, boolean fair, BooleanSupplier enabled, Runnable apply, Supplier<String> describe) {
        return timer(name, enabled, enabled, apply, describe, fair);
    }

    /**
     * A fair move that is {@linkplain #pending() pending} under a weaker condition than it is enabled: a timer armed
     * ({@code pending}) that the model lets expire only when {@code enabled}.
     */
    static Move timer(String name, BooleanSupplier pending, BooleanSupplier enabled, Runnable apply,
            Supplier<String> describe) {
        return timer(name, pending, enabled, apply, describe, true);
    }

    private static Move timer(String name, BooleanSupplier pending, BooleanSupplier enabled, Runnable apply,
            Supplier<String> describe, boolean fair) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(apply, "apply");
        Objects.requireNonNull(describe, "describe");
        return new Move() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean enabled() {
                return enabled.getAsBoolean();
            }

            @Override
            public void apply() {
                apply.run();
            }

            @Override
            public String describe() {
                return describe.get();
            }

            @Override
            public boolean fair() {
                return fair;
            }

            @Override
            public boolean pending() {
                return pending.getAsBoolean();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
