package io.fsmgen.tcp.engine;

/** What happened to a datagram, as a {@link Trace} records it. */
public enum TransmissionKind {
    /** Handed to the link, which will deliver it. */
    SENT,
    /** Arrived at its destination's sink. */
    DELIVERED,
    /** Lost: by the link's loss rate, by a scripted fault, or for want of a destination. */
    DROPPED,
    /** The link made an extra copy, which will be delivered too. */
    DUPLICATED
}
