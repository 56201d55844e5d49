package io.fsmgen.tcp.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How one direction of a simulated link treats datagrams. Each datagram is independently lost with
 * {@code lossRate}; a surviving one is delivered after {@code baseDelay}, plus, with {@code reorderRate}, a uniform
 * extra delay in {@code (0, reorderDelay]} that lets later datagrams overtake it; and with {@code duplicateRate} a
 * second copy follows with its own independent delay.
 *
 * @param baseDelay     one-way latency every datagram pays
 * @param lossRate      probability in [0, 1] that a datagram is dropped
 * @param duplicateRate probability in [0, 1] that a delivered datagram is delivered twice
 * @param reorderRate   probability in [0, 1] that a copy is held back by an extra delay
 * @param reorderDelay  the largest extra delay
 */
public record LinkProfile(Duration baseDelay, double lossRate, double duplicateRate, double reorderRate,
        Duration reorderDelay) {

    public LinkProfile {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(reorderDelay, "reorderDelay");
        if (baseDelay.isNegative() || reorderDelay.isNegative()) {
            throw new IllegalArgumentException("delays cannot be negative: " + baseDelay + ", " + reorderDelay);
        }
        requireProbability("lossRate", lossRate);
        requireProbability("duplicateRate", duplicateRate);
        requireProbability("reorderRate", reorderRate);
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1]: " + value);
        }
    }

    /** A link that delivers everything, in order, after {@code delay}. */
    public static LinkProfile perfect(Duration delay) {
        return new LinkProfile(delay, 0, 0, 0, Duration.ZERO);
    }

    public LinkProfile withLoss(double rate) {
        return new LinkProfile(baseDelay, rate, duplicateRate, reorderRate, reorderDelay);
    }

    public LinkProfile withDuplication(double rate) {
        return new LinkProfile(baseDelay, lossRate, rate, reorderRate, reorderDelay);
    }

    public LinkProfile withReordering(double rate, Duration maxExtraDelay) {
        return new LinkProfile(baseDelay, lossRate, duplicateRate, rate, maxExtraDelay);
    }
}
