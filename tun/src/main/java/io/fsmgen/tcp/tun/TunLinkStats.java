package io.fsmgen.tcp.tun;

/**
 * What a {@link TunLink} has done. Nothing here is an error of the caller: like IP, the link drops what it cannot
 * deliver and counts it, and TCP's retransmission recovers.
 *
 * @param packetsRead      packets read from the device
 * @param packetsWritten   packets written to the device
 * @param coalesced        TCP segments that went out joined with others in one offloaded packet, which the kernel
 *                         cut back into them
 * @param segmentsDelivered TCP segments handed to an attached endpoint
 * @param rejected         packets whose IPv4 header failed a check ({@link Ipv4Codec#decode}), or too short for TCP
 * @param notForUs         well-formed packets for another address (or IPv6, which this link does not speak)
 * @param closedPort       TCP segments for a port with no endpoint, answered with RST as a closed port is
 * @param echoesAnswered   ICMP echo requests answered
 * @param icmpIgnored      other ICMP messages, counted and ignored
 * @param otherProtocol    packets of protocols other than TCP and ICMP, ignored
 * @param tooBig           segments not sent because the packet would exceed the MTU (DF: nothing is fragmented)
 * @param writeFailures    packets the kernel refused to take
 * @param impairedDrops    packets dropped by the injected {@link Impairment}, both directions
 * @param impairedReorders packets held back and overtaken by the injected {@link Impairment}, both directions
 * @param impairedDuplicates packets sent twice by the injected {@link Impairment}, both directions
 * @param lastProblem      the most recent rejection, refusal or failure, or empty
 */
public record TunLinkStats(long packetsRead, long packetsWritten, long coalesced, long segmentsDelivered, long rejected,
        long notForUs, long closedPort, long echoesAnswered, long icmpIgnored, long otherProtocol, long tooBig,
        long writeFailures, long impairedDrops, long impairedReorders, long impairedDuplicates, String lastProblem) {
}
