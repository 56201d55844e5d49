package io.fsmgen.check;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Bounds and reporting of one exploration.
 *
 * @param maxStates stop (with a message, verdicts "unknown") once this many states are stored
 * @param maxMemoryBytes stop once the visited set would need more than this; by default 60% of the heap
 * @param progressEvery how often a long run reports progress
 * @param progress where progress lines go (states, transitions, depth, states per second, memory)
 * @param stopAtFirstViolation stop as soon as some property is violated, instead of exploring everything to give
 *     every property its verdict
 */
public record ExplorerOptions(long maxStates, long maxMemoryBytes, Duration progressEvery, Consumer<String> progress,
        boolean stopAtFirstViolation) {

    public ExplorerOptions {
        if (maxStates < 1) {
            throw new IllegalArgumentException("maxStates must be positive: " + maxStates);
        }
        if (maxMemoryBytes < 1 << 20) {
            throw new IllegalArgumentException("maxMemoryBytes must be at least 1 MiB: " + maxMemoryBytes);
        }
        Objects.requireNonNull(progressEvery, "progressEvery");
        Objects.requireNonNull(progress, "progress");
        if (progressEvery.compareTo(LONGEST_PROGRESS_INTERVAL) > 0) {
            progressEvery = LONGEST_PROGRESS_INTERVAL; // "never", in effect: a run that long reports at most once
        }
    }

    /** The longest interval kept as it is: a longer one (a way to say "never") would overflow in nanoseconds. */
    static final Duration LONGEST_PROGRESS_INTERVAL = Duration.ofDays(365 * 100);

    /** No state bound, 60% of the heap, no progress lines, every property's verdict. */
    public static ExplorerOptions defaults() {
        return new ExplorerOptions(Integer.MAX_VALUE - 16, Runtime.getRuntime().maxMemory() / 5 * 3,
                Duration.ofSeconds(5), line -> {}, false);
    }

    public ExplorerOptions withMaxStates(long states) {
        return new ExplorerOptions(states, maxMemoryBytes, progressEvery, progress, stopAtFirstViolation);
    }

    public ExplorerOptions withMaxMemoryBytes(long bytes) {
        return new ExplorerOptions(maxStates, bytes, progressEvery, progress, stopAtFirstViolation);
    }

    public ExplorerOptions withProgress(Duration every, Consumer<String> sink) {
        return new ExplorerOptions(maxStates, maxMemoryBytes, every, sink, stopAtFirstViolation);
    }

    public ExplorerOptions stoppingAtFirstViolation() {
        return new ExplorerOptions(maxStates, maxMemoryBytes, progressEvery, progress, true);
    }
}
