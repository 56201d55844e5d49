package io.fsmgen.examples.timeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One line of a timeline. A {@link Lane#MACHINE} step: on one side, an event moved the machine from one state to
 * another (or kept it), sending the segments the machine asked for. A {@link Lane#KERNEL} step: the kernel changed
 * the state of one side's socket (Linux's names), or sent or received a RST, at its own timestamp.
 *
 * @param at       time since the timeline started (the kernel's clock for kernel steps; the same clock)
 * @param event    the machine's event ("RCV_FIN"), or for a kernel step what happened ("RST sent"), possibly empty
 * @param segments what this step sent ("SYN", "ACK", "RST", ...), in order; empty when nothing
 */
public record Step(Duration at, Side side, Lane lane, String event, String from, String to, List<String> segments) {

    /** Whose story a step tells: the generated machine's, or the kernel's. */
    public enum Lane {
        MACHINE,
        KERNEL
    }

    public Step {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        segments = List.copyOf(segments);
    }

    /** A machine's transition. */
    public static Step machine(Duration at, Side side, String event, String from, String to, List<String> segments) {
        return new Step(at, side, Lane.MACHINE, event, from, to, segments);
    }

    /** A kernel state change of one side's socket. */
    public static Step kernel(Duration at, Side side, String from, String to) {
        return new Step(at, side, Lane.KERNEL, "", from, to, List.of());
    }

    /** A kernel event without a state change (a RST sent or received). */
    public static Step kernelEvent(Duration at, Side side, String what, List<String> segments) {
        return new Step(at, side, Lane.KERNEL, what, "", "", segments);
    }

    public boolean isMachine() {
        return lane == Lane.MACHINE;
    }

    /** Whether this step changed a state ({@code from != to}). */
    public boolean changesState() {
        return !from.equals(to);
    }

    /** "CLOSED -> SYN_SENT" or "ESTABLISHED (stays)". */
    public String change() {
        return from.equals(to) ? to + " (stays)" : from + " -> " + to;
    }
}
