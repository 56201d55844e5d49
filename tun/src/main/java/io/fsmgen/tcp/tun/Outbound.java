package io.fsmgen.tcp.tun;

import io.fsmgen.linux.TunDevice;
import io.fsmgen.tcp.engine.Datagram;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.PseudoHeader;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCodec;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.TransmissionKind;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Everything a {@link TunLink} sends: the endpoints' segments and the link's own answers (echo replies, the RST of a
 * closed port), each as one IPv4 packet with DF set ({@link Ipv4Codec}), never larger than the MTU (a larger one is
 * counted and not sent: nothing fragments it), through the outbound {@link Impairment} if there is one.
 *
 * <p>A segment is encoded straight into the packet buffer, behind the room for the IPv4 header (and the {@code
 * virtio_net_hdr} on a device with offloads): its text, which the endpoint lends from its send buffer, is copied once,
 * and its checksum is computed once over the bytes where they now lie. On a device with offloads, data segments of
 * one round join a {@link SegmentCoalescer} run instead and the kernel completes their checksums. Whatever does not
 * join the run flushes it first, so that nothing overtakes it.
 *
 * <p>Confined to the link's thread.
 */
final class Outbound {

    private final TunDevice device;
    private final Ipv4Address address;
    private final int mtu;
    private final Trace trace;
    private final LinkProblems problems;
    /** Bytes in front of each packet on the device: a {@code virtio_net_hdr} when it has offloads. */
    private final int prefix;
    /** One packet being built; the device copies it before the write returns. */
    private final byte[] packet;
    /** Null on an unimpaired link. */
    private final ImpairedPath impaired;
    /** Null without offloads or with impairment. */
    private final SegmentCoalescer coalescer;
    private int identification;
    private long packetsWritten;
    private long coalescedSegments;
    private long tooBig;
    private long writeFailures;

    Outbound(TunDevice device, Ipv4Address address, int mtu, Impairment impairment, Trace trace,
            LinkProblems problems) {
        this.device = device;
        this.address = address;
        this.mtu = mtu;
        this.trace = trace;
        this.problems = problems;
        this.prefix = device.offloads() ? VirtioNetHeader.LENGTH : 0;
        this.packet = new byte[prefix + mtu];
        this.impaired = impairment.isNone() ? null : new ImpairedPath(impairment, 2);
        this.coalescer = prefix > 0 && impaired == null ? new SegmentCoalescer(address) : null;
    }

    /** An endpoint's segment from {@code from} (an address of this link) to {@code to}; its text may be borrowed. */
    void segment(EndpointAddress from, EndpointAddress to, Segment segment) {
        int length = Ipv4Codec.HEADER_LENGTH + segment.wireLength();
        if (length > mtu) {
            refuseTooBig(length, to.ip());
            return;
        }
        if (trace.isEnabled()) {
            trace.record(TransmissionKind.SENT, TunLink.TRACE_NAME, to.ip().toString(),
                    new Datagram(from, to, SegmentCodec.encode(segment, PseudoHeader.ipv4(from.ip(), to.ip()))), "");
        }
        if (coalescer != null) {
            if (coalescer.offer(to.ip(), segment)) {
                return;
            }
            flush(); // the run ends here: what follows must not overtake it
            if (coalescer.offer(to.ip(), segment)) {
                return;
            }
        }
        int tcpLength = SegmentCodec.encodeInto(segment, PseudoHeader.ipv4(from.ip(), to.ip()), packet,
                prefix + Ipv4Codec.HEADER_LENGTH);
        finish(to.ip(), Ipv4Codec.PROTOCOL_TCP, tcpLength);
    }

    /** A segment already encoded, checksum included, from {@code from} to {@code to}. */
    void encodedSegment(EndpointAddress from, EndpointAddress to, byte[] segment) {
        if (trace.isEnabled()) {
            trace.record(TransmissionKind.SENT, TunLink.TRACE_NAME, to.ip().toString(),
                    new Datagram(from, to, segment), "");
        }
        packet(to.ip(), Ipv4Codec.PROTOCOL_TCP, segment);
    }

    /** {@code payload} as one IPv4 packet of {@code protocol} from this link's address. */
    void packet(Ipv4Address destination, int protocol, byte[] payload) {
        int length = Ipv4Codec.HEADER_LENGTH + payload.length;
        if (length > mtu) {
            refuseTooBig(length, destination);
            return;
        }
        flush();
        System.arraycopy(payload, 0, packet, prefix + Ipv4Codec.HEADER_LENGTH, payload.length);
        finish(destination, protocol, payload.length);
    }

    /** Writes the run of segments the coalescer holds, if any. */
    void flush() {
        if (coalescer != null && !coalescer.isEmpty()) {
            int count = coalescer.segmentCount();
            coalescedSegments += count > 1 ? count : 0;
            write(coalescer.buffer(), coalescer.drain(identification++));
        }
    }

    /** Writes the impaired packets due at {@code now}. */
    void release(long now) {
        if (impaired != null) {
            impaired.release(now, held -> write(held, held.length));
        }
    }

    /** When an impaired packet next falls due, if one waits. */
    OptionalLong nextDue() {
        return impaired == null ? OptionalLong.empty() : impaired.nextDue();
    }

    long packetsWritten() {
        return packetsWritten;
    }

    long coalescedSegments() {
        return coalescedSegments;
    }

    long tooBig() {
        return tooBig;
    }

    long writeFailures() {
        return writeFailures;
    }

    /** Counts a packet from an endpoint that is no longer attached, which is not sent. */
    void refuseDetached(int port) {
        writeFailures++;
        problems.report("an endpoint detached from port " + port + " tried to send");
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

    /** The payload of {@code payloadLength} bytes is in place: writes the headers in front and sends the packet. */
    private void finish(Ipv4Address destination, int protocol, int payloadLength) {
        if (prefix > 0) {
            VirtioNetHeader.writePlain(packet);
        }
        Ipv4Codec.writeHeader(packet, prefix, address, destination, protocol, identification++, payloadLength);
        int length = prefix + Ipv4Codec.HEADER_LENGTH + payloadLength;
        if (impaired == null) {
            write(packet, length);
        } else {
            impaired.offer(Arrays.copyOf(packet, length), System.nanoTime());
        }
    }

    private void refuseTooBig(int length, Ipv4Address destination) {
        tooBig++;
        problems.report("a " + length + "-byte packet to " + destination + " exceeds the MTU of " + mtu
                + " and may not be fragmented: not sent");
    }

    private void write(byte[] bytes, int length) {
        try {
            device.write(bytes, 0, length);
            packetsWritten++;
        } catch (IOException failure) {
            writeFailures++;
            problems.report("writing a " + length + "-byte packet to " + device.name() + " failed: "
                    + failure.getMessage());
        }
    }
}
