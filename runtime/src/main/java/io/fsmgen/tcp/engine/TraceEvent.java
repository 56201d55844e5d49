package io.fsmgen.tcp.engine;

import java.util.Objects;
import java.util.Optional;

/** One line of a {@link Trace}: a datagram's fate or a note an endpoint made, stamped with virtual time. */
public sealed interface TraceEvent {

    /** Virtual time in nanoseconds. */
    long atNanos();

    /**
     * A datagram event.
     *
     * @param segment     the decoded segment, or empty when the bytes did not decode
     * @param description the segment's {@link Segment#label()}, or the decoder's reason
     * @param detail      why it was dropped, or empty
     */
    record Transmission(long atNanos, TransmissionKind kind, String from, String to, Optional<Segment> segment,
            String description, String detail) implements TraceEvent {
        public Transmission {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Free text from an endpoint, typically a state change such as {@code SYN_SENT -> ESTABLISHED}. */
    record Note(long atNanos, String endpoint, String text) implements TraceEvent {
        public Note {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(text, "text");
        }
    }
}
