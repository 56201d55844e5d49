package io.fsmgen.tcp.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Everything that happened in a run, in order: each datagram sent, delivered, dropped or duplicated, and each note
 * an endpoint made. Scenario tests assert on it; a failing property run prints it; {@link #renderDiagram} draws it.
 *
 * <p>A {@link #disabled()} trace records nothing, so that thousands of seeded runs do not hold thousands of logs.
 */
public final class Trace {

    private final LongSupplier nanoTime;
    private final boolean enabled;
    private final boolean steps;
    private final List<TraceEvent> events = new ArrayList<>();

    private Trace(LongSupplier nanoTime, boolean enabled, boolean steps) {
        this.nanoTime = nanoTime;
        this.enabled = enabled;
        this.steps = steps;
    }

    /** A trace stamped by {@code nanoTime}, usually {@link VirtualClock#nanoTime()}. */
    public static Trace recording(LongSupplier nanoTime) {
        return new Trace(Objects.requireNonNull(nanoTime, "nanoTime"), true, false);
    }

    /**
     * A trace stamped with step numbers rather than times, for runs without a clock such as an explorer's
     * counterexample: {@code step} returns the number of the step being recorded, and the diagram's first column
     * shows it.
     */
    public static Trace recordingSteps(LongSupplier step) {
        return new Trace(Objects.requireNonNull(step, "step"), true, true);
    }

    /** A trace that keeps nothing. */
    public static Trace disabled() {
        return new Trace(() -> 0, false, false);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Records a note in {@code endpoint}'s column, such as {@code note("client", "SYN_SENT -> ESTABLISHED")}. */
    public void note(String endpoint, String text) {
        if (enabled) {
            events.add(new TraceEvent.Note(nanoTime.getAsLong(), endpoint, text));
        }
    }

    public void sent(String from, String to, Segment segment) {
        record(TransmissionKind.SENT, from, to, segment, "");
    }

    public void delivered(String from, String to, Segment segment) {
        record(TransmissionKind.DELIVERED, from, to, segment, "");
    }

    public void dropped(String from, String to, Segment segment, String reason) {
        record(TransmissionKind.DROPPED, from, to, segment, reason);
    }

    public void duplicated(String from, String to, Segment segment) {
        record(TransmissionKind.DUPLICATED, from, to, segment, "");
    }

    /** Records an event about a decoded segment. */
    public void record(TransmissionKind kind, String from, String to, Segment segment, String detail) {
        if (enabled) {
            events.add(new TraceEvent.Transmission(nanoTime.getAsLong(), kind, from, to, Optional.of(segment),
                    segment.label(), detail));
        }
    }

    /**
     * Records a message that is not a {@link Segment}, described by {@code label}: an abstract segment of a model, or
     * any message between two participants.
     */
    public void message(TransmissionKind kind, String from, String to, String label) {
        if (enabled) {
            events.add(new TraceEvent.Transmission(nanoTime.getAsLong(), kind, from, to, Optional.empty(), label,
                    ""));
        }
    }

    /** Records an event about raw bytes, decoding them only if this trace is enabled. */
    public void record(TransmissionKind kind, String from, String to, Datagram datagram, String detail) {
        if (!enabled) {
            return;
        }
        DecodeResult result = datagram.decode();
        if (result instanceof DecodeResult.Decoded decoded) {
            record(kind, from, to, decoded.segment(), detail);
        } else {
            events.add(new TraceEvent.Transmission(nanoTime.getAsLong(), kind, from, to, Optional.empty(),
                    "malformed " + datagram.length() + " bytes (" + ((DecodeResult.Rejected) result).reason() + ")",
                    detail));
        }
    }

    /** All events so far, oldest first. */
    public List<TraceEvent> events() {
        return List.copyOf(events);
    }

    /** The segments of one kind that went from {@code from} to {@code to}, in order. */
    public List<Segment> segments(TransmissionKind kind, String from, String to) {
        List<Segment> out = new ArrayList<>();
        for (TraceEvent event : events) {
            if (event instanceof TraceEvent.Transmission t && t.kind() == kind && t.from().equals(from)
                    && t.to().equals(to)) {
                t.segment().ifPresent(out::add);
            }
        }
        return out;
    }

    /** The notes {@code endpoint} made, in order: for a state-change log, its state sequence. */
    public List<String> notes(String endpoint) {
        List<String> out = new ArrayList<>();
        for (TraceEvent event : events) {
            if (event instanceof TraceEvent.Note note && note.endpoint().equals(endpoint)) {
                out.add(note.text());
            }
        }
        return out;
    }

    /** Two-column sequence diagram of the exchange between {@code left} and {@code right}. */
    public String renderDiagram(String left, String right) {
        return SequenceDiagram.render(events, left, right, steps);
    }

    /** One line per event, for logs of runs with more than two endpoints. */
    public String renderLog() {
        StringBuilder out = new StringBuilder();
        for (TraceEvent event : events) {
            out.append(SequenceDiagram.time(event.atNanos(), steps)).append("  ");
            if (event instanceof TraceEvent.Note note) {
                out.append(note.endpoint()).append(": ").append(note.text());
            } else {
                TraceEvent.Transmission t = (TraceEvent.Transmission) event;
                out.append(t.from()).append(" > ").append(t.to()).append(' ').append(t.kind()).append(' ')
                        .append(t.segment().map(Segment::toString).orElse(t.description()));
                if (!t.detail().isEmpty()) {
                    out.append(" (").append(t.detail()).append(')');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }
}
