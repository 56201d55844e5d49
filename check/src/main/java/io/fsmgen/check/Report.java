package io.fsmgen.check;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an exploration found: how much of the state space it saw and each property's verdict.
 *
 * @param complete whether every reachable state was explored; false when a bound stopped it
 * @param stopReason why it stopped early, or empty
 * @param states distinct global states stored
 * @param transitions moves taken (each enabled move of each explored state)
 * @param pruned successors discarded because a move would exceed a bound of the model (a full channel)
 * @param depth the length of the longest shortest path from the initial state: the breadth-first search's depth
 * @param elapsed the whole run: the search, the fairness analysis of "eventually" properties, and describing the
 *     counterexamples
 * @param search the breadth-first search alone
 * @param storedBytes the bytes the visited set's used parts take
 */
public record Report(String system, boolean complete, String stopReason, long states, long transitions, long pruned,
        int depth, Duration elapsed, Duration search, long storedBytes, List<Verdict> verdicts) {

    public Report {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(search, "search");
        verdicts = List.copyOf(verdicts);
    }

    /** States stored per second of search. */
    public double statesPerSecond() {
        double seconds = search.toNanos() / 1e9;
        return seconds == 0 ? 0 : states / seconds;
    }

    public double bytesPerState() {
        return states == 0 ? 0 : (double) storedBytes / states;
    }

    /** The verdict of the property named {@code name}. */
    public Verdict verdict(String name) {
        return verdicts.stream().filter(v -> v.property().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no property named " + name + " in " + system));
    }

    public Optional<Counterexample> counterexample(String name) {
        return verdict(name).counterexample();
    }

    /**
     * One line: "12,345 states, 67,890 transitions, depth 21, 0.40 s, 30,000 states/s, 31.9 B/state (385 KiB
     * stored)", then how many successors the model's bounds cut off, and why the search stopped early, if it did.
     */
    public String summary() {
        return String.format(Locale.ROOT, "%,d states, %,d transitions, depth %d, %.2f s, %,.0f states/s,"
                        + " %.1f B/state (%s stored)%s%s", states, transitions, depth, elapsed.toNanos() / 1e9,
                statesPerSecond(), bytesPerState(), size(storedBytes),
                pruned == 0 ? "" : String.format(Locale.ROOT, ", %,d successors beyond the model's bounds", pruned),
                complete ? "" : "; INCOMPLETE: " + stopReason);
    }

    private static String size(long bytes) {
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%,d KiB", (bytes + 1023) >> 10)
                : String.format(Locale.ROOT, "%,.1f MiB", bytes / 1048576.0);
    }
}
