package io.fsmgen.tcp.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The constants of RFC 6298 that an implementation may choose. Simulations lower {@code minimum} and {@code initial}
 * to keep virtual runs short; {@link #rfc6298()} is what a real endpoint should use.
 *
 * @param initial     RTO before any RTT sample (§2.1: 1 s)
 * @param minimum     lower bound on a computed RTO (§2.4: 1 s)
 * @param maximum     upper bound, also capping backoff (§2.5: at least 60 s)
 * @param granularity G, the clock granularity, below which RTTVAR's term is never taken (§2)
 */
public record RtoConfig(Duration initial, Duration minimum, Duration maximum, Duration granularity) {

    /** K, the weight of RTTVAR in the RTO (§2). */
    public static final int K = 4;

    public RtoConfig {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(maximum, "maximum");
        Objects.requireNonNull(granularity, "granularity");
        if (minimum.isNegative() || granularity.isNegative() || (initial.isNegative() || initial.isZero())) {
            throw new IllegalArgumentException("RTO durations must be positive: " + initial + ", " + minimum
                    + ", " + granularity);
        }
        if (maximum.compareTo(minimum) < 0 || maximum.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maximum RTO " + maximum + " is below the minimum or the initial");
        }
    }

    /** The RFC's values: initial 1 s, minimum 1 s, maximum 60 s, with a 1 ms clock. */
    public static RtoConfig rfc6298() {
        return new RtoConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMillis(1));
    }

    public RtoConfig withMinimum(Duration newMinimum) {
        return new RtoConfig(initial, newMinimum, maximum, granularity);
    }

    public RtoConfig withInitial(Duration newInitial) {
        return new RtoConfig(newInitial, minimum, maximum, granularity);
    }
}
