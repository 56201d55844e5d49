package io.fsmgen.tcp.endpoint;

/**
 * The numbers an {@link AckEvent} comes with: the payload of {@link CongestionMachine}.
 *
 * @param ack        SEG.ACK (for a timeout, SND.UNA)
 * @param acked      sequence space newly acknowledged, 0 for a duplicate or a timeout
 * @param flightSize FlightSize before the event: SND.NXT − SND.UNA (RFC 5681 §2)
 * @param sndNxt     SND.NXT, the end of what has been sent, from which the recovery point is taken
 */
public record AckSample(int ack, long acked, long flightSize, int sndNxt) {
}
