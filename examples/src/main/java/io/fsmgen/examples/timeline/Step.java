package io.fsmgen.examples.timeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a timeline: on one side, an event moved the machine from one state to another (or kept it), sending
 * the segments the machine asked for, while the kernel, where it can be asked, reported its own state.
 *
 * @param at time since the timeline started
 * @param segments what the machine sent on this step ("SYN", "ACK", ...), in order; empty when nothing
 * @param kernel the kernel's state for this socket at that moment, in {@code ss} words; empty when not observed
 */
public record Step(Duration at, Side side, String event, String from, String to, List<String> segments,
        Optional<String> kernel) {

    public Step {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(side, "side");
        segments = List.copyOf(segments);
        Objects.requireNonNull(kernel, "kernel");
    }

    /** "CLOSED -> SYN_SENT" or "ESTABLISHED (stays)". */
    public String change() {
        return from.equals(to) ? to + " (stays)" : from + " -> " + to;
    }
}
