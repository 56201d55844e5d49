package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.Datagram;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.PseudoHeader;
import io.fsmgen.tcp.engine.Replies;
import io.fsmgen.tcp.engine.SegmentCodec;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.TransmissionKind;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything a {@link TunLink} receives, once read from the device: the IPv4 header checked ({@link Ipv4Codec}; a
 * failed check is counted with its reason and dropped), TCP for an attached port handed to that port's endpoint,
 * TCP for another port answered with a RST as a closed port is (RFC 9293 §3.10.7.1), ICMP echo requests answered
 * ({@link Icmp}), anything else counted and ignored. Packets pass through the inbound {@link Impairment} first, if
 * there is one.
 *
 * <p>The endpoint gets the segment where it lies in the read buffer ({@link
 * io.fsmgen.tcp.engine.SegmentSink#receive(EndpointAddress, EndpointAddress, byte[], int, int)}): it checks the TCP
 * checksum over the real pseudo-header and takes the text it keeps before the next read. Confined to the link's
 * thread.
 */
final class Inbound {

    private static final int TCP_HEADER = 20;

    private final Ipv4Address address;
    private final int prefixLength;
    private final Map<Integer, PortCarrier> ports;
    private final Outbound out;
    private final Trace trace;
    private final LinkProblems problems;
    /** Null on an unimpaired link. */
    private final ImpairedPath impaired;
    private long segmentsDelivered;
    private long rejected;
    private long notForUs;
    private long closedPort;
    private long echoesAnswered;
    private long icmpIgnored;
    private long otherProtocol;

    /**
     * @param prefixLength the link's subnet, whose directed broadcast is never a source (32: none known)
     * @param ports the attached endpoints by port, read as they are at each arrival
     */
    Inbound(Ipv4Address address, int prefixLength, Map<Integer, PortCarrier> ports, Outbound out,
            Impairment impairment, Trace trace, LinkProblems problems) {
        this.address = address;
        this.prefixLength = prefixLength;
        this.ports = ports;
        this.out = out;
        this.trace = trace;
        this.problems = problems;
        this.impaired = impairment.isNone() ? null : new ImpairedPath(impairment, 1);
    }

    /** The packet in {@code buffer[at, at + length)}, just read; the buffer is reused after this returns. */
    void arrived(byte[] buffer, int at, int length) {
        if (impaired == null) {
            packet(buffer, at, length);
        } else {
            impaired.offer(Arrays.copyOfRange(buffer, at, at + length), System.nanoTime());
        }
    }

    /** Handles the impaired packets due at {@code now}. */
    void release(long now) {
        if (impaired != null) {
            impaired.release(now, held -> packet(held, 0, held.length));
        }
    }

    /** When an impaired packet next falls due, if one waits. */
    OptionalLong nextDue() {
        return impaired == null ? OptionalLong.empty() : impaired.nextDue();
    }

    /** A read whose {@code virtio_net_hdr} does not fit it. */
    void rejectPrefix(int length) {
        rejected++;
        problems.report("a " + length + "-byte read whose virtio_net_hdr does not fit the packet");
    }

    private void packet(byte[] packet, int at, int length) {
        Ipv4DecodeResult result = Ipv4Codec.decode(packet, at, length);
        if (!(result instanceof Ipv4DecodeResult.Accepted accepted)) {
            if (length > 0 && (packet[at] & 0xF0) == 0x60) {
                notForUs++; // IPv6, e.g. router solicitations if the namespace left IPv6 on
                return;
            }
            rejected++;
            problems.report(result.toString());
            return;
        }
        Ipv4Header header = accepted.header();
        if (!header.destination().equals(address)) {
            notForUs++;
            return;
        }
        java.util.Optional<String> problem = Ipv4Codec.foreignSourceProblem(header, address, prefixLength);
        if (problem.isPresent()) {
            rejected++;
            problems.report(problem.get());
            return;
        }
        int start = at + header.headerLength();
        int payload = header.payloadLength();
        switch (header.protocol()) {
            case Ipv4Codec.PROTOCOL_TCP -> tcp(header, packet, start, payload);
            case Ipv4Codec.PROTOCOL_ICMP -> icmp(header, packet, start, payload);
            default -> {
                otherProtocol++;
                problems.report("ignored protocol " + header.protocol() + " from " + header.source());
            }
        }
    }

    private void tcp(Ipv4Header header, byte[] packet, int start, int length) {
        if (length < TCP_HEADER) {
            rejected++;
            problems.report("a " + length + "-byte TCP segment from " + header.source()
                    + " is shorter than a TCP header");
            return;
        }
        EndpointAddress source = EndpointAddress.of(header.source(), Ipv4Codec.getShort(packet, start));
        EndpointAddress destination = EndpointAddress.of(address, Ipv4Codec.getShort(packet, start + 2));
        if (trace.isEnabled()) {
            trace.record(TransmissionKind.DELIVERED, header.source().toString(), TunLink.TRACE_NAME,
                    new Datagram(source, destination, Arrays.copyOfRange(packet, start, start + length)), "");
        }
        PortCarrier port = ports.get(destination.port());
        if (port != null) {
            segmentsDelivered++;
            port.sink().receive(source, destination, packet, start, length);
            return;
        }
        closedPort++;
        if (SegmentCodec.decode(packet, start, length, PseudoHeader.ipv4(source.ip(), destination.ip()))
                instanceof DecodeResult.Decoded decoded && Replies.shouldAnswerWithReset(decoded.segment())) {
            out.encodedSegment(destination, source, SegmentCodec.encode(Replies.resetFor(decoded.segment()),
                    PseudoHeader.ipv4(address, source.ip())));
        }
    }

    private void icmp(Ipv4Header header, byte[] packet, int start, int length) {
        Optional<byte[]> reply = Icmp.answer(packet, start, length);
        if (reply.isPresent()) {
            echoesAnswered++;
            out.packet(header.source(), Ipv4Codec.PROTOCOL_ICMP, reply.get());
        } else {
            icmpIgnored++;
            problems.report("ignored " + Icmp.describe(packet, start, length) + " from " + header.source());
        }
    }

    long segmentsDelivered() {
        return segmentsDelivered;
    }

    long rejected() {
        return rejected;
    }

    long notForUs() {
        return notForUs;
    }

    long closedPort() {
        return closedPort;
    }

    long echoesAnswered() {
        return echoesAnswered;
    }

    long icmpIgnored() {
        return icmpIgnored;
    }

    long otherProtocol() {
        return otherProtocol;
    }

    long impairedDrops() {
        return impaired == null ? 0 : impaired.dropped();
    }

    long impairedReorders() {
        return impaired == null ? 0 : impaired.reordered();
    }

    long impairedDuplicates() {
        return impaired == null ? 0 : impaired.duplicated();
    }
}
