package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.InternetChecksum;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.PseudoHeader;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCodec;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpOptions;

/**
 * Joins back-to-back full-size data segments of one connection, sent in one round of the loop, into one packet of up
 * to 64 KiB that the kernel cuts back into those very segments (generic segmentation offload, {@code
 * VIRTIO_NET_HDR_GSO_TCPV4} on a TUN device with offloads): one system call and one pass through the kernel's IP and
 * TCP receive path for up to 44 segments instead of one each. What the kernel receives is unchanged: the same
 * sequence numbers, the same header and options on every segment, PSH only on the last, each within the MTU.
 *
 * <p>Only segments that differ in nothing but their sequence number and text join a run: same addresses, ports, ACK,
 * window, options and flags (ACK or PSH+ACK, nothing else), each starting where the previous ended, all of the
 * first one's size but the last. Anything else ends the run, and goes out as it came.
 *
 * <p>The run is built in place: the first segment's header and every segment's text are written straight into the
 * packet buffer as they are offered (the text copied once, from wherever the segment borrows it), and no checksum is
 * computed here. The packet asks the kernel to complete it ({@code VIRTIO_NET_HDR_F_NEEDS_CSUM}, the checksum field
 * holding the pseudo-header's sum), as it does for a NIC with checksum offload: a run of one segment too.
 */
final class SegmentCoalescer {

    /** The largest IPv4 packet: the run's header and text must fit in it. */
    private static final int MAX_PACKET = 0xFFFF;
    /** Where the TCP header starts in the buffer: after the virtio_net_hdr and the IPv4 header. */
    private static final int TCP_AT = VirtioNetHeader.LENGTH + Ipv4Codec.HEADER_LENGTH;
    private static final int CHECKSUM_OFFSET = 16;
    private static final int FLAGS_OFFSET = 13;
    private static final int PSH = TcpFlag.PSH.bit();

    private final Ipv4Address source;
    private final byte[] buffer = new byte[VirtioNetHeader.LENGTH + MAX_PACKET];
    private Ipv4Address destination;
    private int count;
    private int headerLength;
    private int segmentText;
    private int nextSeq;
    private boolean closed;
    private int textBytes;
    private boolean lastPush;
    // The first segment's header, which every later one must repeat.
    private int sourcePort;
    private int destinationPort;
    private int ack;
    private int window;
    private int urgentPointer;
    private int flagsWithoutPush;
    private TcpOptions options;

    /** @param source this side's address, the source of every packet built */
    SegmentCoalescer(Ipv4Address source) {
        this.source = source;
    }

    /**
     * Whether {@code segment} joined the run (its text is copied now, so a borrowed one may change afterwards); if
     * not, drain the run first. The caller has checked that the segment alone fits the MTU.
     */
    boolean offer(Ipv4Address to, Segment segment) {
        int text = segment.payloadLength();
        int flags = segment.flags().bits();
        if (text <= 0 || (flags & ~PSH) != TcpFlag.ACK.bit()) {
            return false;
        }
        if (count == 0) {
            start(to, segment, text);
            return true;
        }
        if (closed || !to.equals(destination) || segment.headerLength() != headerLength || text > segmentText
                || segment.seq() != nextSeq || Ipv4Codec.HEADER_LENGTH + headerLength + textBytes + text > MAX_PACKET
                || !sameHeader(segment)) {
            return false;
        }
        segment.text().copyTo(buffer, TCP_AT + headerLength + textBytes);
        count++;
        textBytes += text;
        nextSeq += text;
        lastPush = segment.has(TcpFlag.PSH);
        closed = text < segmentText; // a short segment can only be the last
        return true;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int segmentCount() {
        return count;
    }

    /** The buffer {@link #drain} leaves the packet in. */
    byte[] buffer() {
        return buffer;
    }

    /**
     * Finishes the run as one packet for the device in {@code buffer()[0, n)} and returns n: a {@code
     * virtio_net_hdr} asking for a checksum per segment (and, for more than one, segmentation into
     * {@code segmentText}-byte segments), the IPv4 header, the first segment's TCP header with the last one's PSH,
     * and all the text. Empties the run.
     */
    int drain(int identification) {
        int tcpLength = headerLength + textBytes;
        buffer[TCP_AT + FLAGS_OFFSET] = (byte) (flagsWithoutPush | (lastPush ? PSH : 0));
        // CHECKSUM_PARTIAL: the field holds the pseudo-header's sum; the kernel completes each segment's.
        Ipv4Codec.putShort(buffer, TCP_AT + CHECKSUM_OFFSET, InternetChecksum.fold(
                PseudoHeader.ipv4(source, destination).sum(tcpLength)));
        Ipv4Codec.writeHeader(buffer, VirtioNetHeader.LENGTH, source, destination, Ipv4Codec.PROTOCOL_TCP,
                identification, tcpLength);
        if (count > 1) {
            VirtioNetHeader.writeSegmentation(buffer, Ipv4Codec.HEADER_LENGTH + headerLength, segmentText,
                    Ipv4Codec.HEADER_LENGTH, CHECKSUM_OFFSET);
        } else {
            VirtioNetHeader.writeChecksumOnly(buffer, Ipv4Codec.HEADER_LENGTH, CHECKSUM_OFFSET);
        }
        count = 0;
        destination = null;
        options = null;
        textBytes = 0;
        closed = false;
        return TCP_AT + tcpLength;
    }

    private void start(Ipv4Address to, Segment segment, int text) {
        destination = to;
        headerLength = segment.headerLength();
        segmentText = text;
        textBytes = text;
        nextSeq = segment.seq() + text;
        closed = false;
        count = 1;
        lastPush = segment.has(TcpFlag.PSH);
        sourcePort = segment.sourcePort();
        destinationPort = segment.destinationPort();
        ack = segment.ack();
        window = segment.window();
        urgentPointer = segment.urgentPointer();
        flagsWithoutPush = segment.flags().bits() & ~PSH;
        options = segment.options();
        SegmentCodec.encodeRawInto(segment, buffer, TCP_AT);
    }

    /** Ports, ACK, window, urgent pointer and options equal the first's; flags may differ in PSH. */
    private boolean sameHeader(Segment segment) {
        return segment.sourcePort() == sourcePort && segment.destinationPort() == destinationPort
                && segment.ack() == ack && segment.window() == window && segment.urgentPointer() == urgentPointer
                && (segment.flags().bits() & ~PSH) == flagsWithoutPush && segment.options().equals(options);
    }
}
