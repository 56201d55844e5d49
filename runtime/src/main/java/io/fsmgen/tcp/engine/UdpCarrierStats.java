package io.fsmgen.tcp.engine;

/**
 * What a {@link UdpCarrier} has done. Refused and failed sends are counted rather than thrown, because a carrier,
 * like IP, loses datagrams silently and TCP's retransmission is what recovers.
 *
 * @param sent           datagrams handed to the kernel
 * @param received       datagrams delivered to the sink
 * @param refused        sends refused because a carrier on loopback was asked to leave it, or datagrams from a
 *                       non-IPv4 source
 * @param failed         sends or receives that failed with an I/O error
 * @param lastProblem    the most recent refusal or failure, or empty
 */
public record UdpCarrierStats(long sent, long received, long refused, long failed, String lastProblem) {
}
