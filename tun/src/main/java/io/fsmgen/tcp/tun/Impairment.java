package io.fsmgen.tcp.tun;

import java.time.Duration;
import java.util.Objects;

/**
 * Loss, reordering, duplication and delay that a {@link TunLink} injects into both directions, seeded, because this kernel has no
 * {@code sch_netem} and a test must be able to repeat a run's decisions. Each direction draws from its own generator,
 * one decision per packet in the order packets pass, so the n-th packet each way meets the same fate in every run
 * with the same seed (which packet is n-th still depends on the peers' timing).
 *
 * <p>Reordering holds a packet back until the next packet in the same direction has passed it, or until
 * {@code reorderHold} has gone by if none comes. A duplicated packet leaves twice, the copy right behind it (or, when
 * the packet itself is held back, in its place), as a link that retransmits at layer 2 or a misrouted copy would
 * deliver it: a TCP end must take each copy of text, a FIN, a SYN or a RST as the same segment again.
 *
 * @param loss        probability that a packet is dropped, 0 to below 1
 * @param reorder     probability that a packet not dropped is held back and overtaken, 0 to below 1
 * @param duplicate   probability that a packet not dropped leaves twice, 0 to below 1
 * @param delay       one-way delay added to every packet, order kept
 * @param reorderHold how long a held-back packet waits for one to overtake it
 * @param seed        the generators' seed
 */
public record Impairment(double loss, double reorder, double duplicate, Duration delay, Duration reorderHold,
        long seed) {

    /** A perfect link. */
    public static final Impairment NONE = new Impairment(0, 0, 0, Duration.ZERO, Duration.ZERO, 0);

    public Impairment {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(reorderHold, "reorderHold");
        if (!(loss >= 0 && loss < 1) || !(reorder >= 0 && reorder < 1) || !(duplicate >= 0 && duplicate < 1)) {
            throw new IllegalArgumentException("loss, reorder and duplicate are probabilities from 0 to below 1: "
                    + loss + ", " + reorder + ", " + duplicate);
        }
        if (delay.isNegative() || reorderHold.isNegative()) {
            throw new IllegalArgumentException("delay and reorderHold cannot be negative: " + delay + ", "
                    + reorderHold);
        }
    }

    /** Loss and reordering without delay; a held-back packet waits at most 2 ms for another to overtake it. */
    public static Impairment lossy(double loss, double reorder, long seed) {
        return new Impairment(loss, reorder, 0, Duration.ZERO, Duration.ofMillis(2), seed);
    }

    public Impairment withDelay(Duration oneWay) {
        return new Impairment(loss, reorder, duplicate, oneWay, reorderHold, seed);
    }

    /** This impairment, each packet not dropped also leaving twice with probability {@code probability}. */
    public Impairment withDuplication(double probability) {
        return new Impairment(loss, reorder, probability, delay, reorderHold, seed);
    }

    /** Whether this changes anything at all. */
    public boolean isNone() {
        return loss == 0 && reorder == 0 && duplicate == 0 && delay.isZero();
    }

    @Override
    public String toString() {
        return isNone() ? "no impairment" : String.format(
                "%.1f %% loss, %.1f %% reordering, %.1f %% duplication, %d ms delay, seed %d", loss * 100,
                reorder * 100, duplicate * 100, delay.toMillis(), seed);
    }
}
