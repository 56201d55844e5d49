package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.InternetChecksum;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.PseudoHeader;
import java.util.ArrayList;
import java.util.List;

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
 */
final class SegmentCoalescer {

    /** The largest IPv4 packet: the run's header and text must fit in it. */
    private static final int MAX_PACKET = 0xFFFF;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;

    private Ipv4Address destination;
    private byte[] first;
    private int headerLength;
    private int segmentText;
    private int nextSeq;
    private boolean closed;
    private int textBytes;
    private final List<byte[]> segments = new ArrayList<>();

    /** Whether {@code segment} (a whole TCP segment, checksum included) joined the run; if not, flush first. */
    boolean offer(Ipv4Address to, byte[] segment) {
        int length = headerLength(segment);
        int text = segment.length - length;
        int flags = segment[13] & 0xFF;
        if (text <= 0 || (flags & ~PSH) != ACK) {
            return false;
        }
        if (first == null) {
            start(to, segment, length, text);
            return true;
        }
        if (closed || !to.equals(destination) || length != headerLength || text > segmentText
                || getInt(segment, 4) != nextSeq || Ipv4Codec.HEADER_LENGTH + headerLength + textBytes + text
                        > MAX_PACKET || !sameHeader(segment)) {
            return false;
        }
        segments.add(segment);
        textBytes += text;
        nextSeq += text;
        closed = text < segmentText; // a short segment can only be the last
        return true;
    }

    boolean isEmpty() {
        return first == null;
    }

    int segmentCount() {
        return segments.size();
    }

    /**
     * The run as one packet for the device: a {@code virtio_net_hdr} asking for segmentation and a checksum per
     * segment, then the IPv4 header, the first segment's TCP header (with the last one's PSH) and all the text; or
     * the lone segment as it is, when the run has one. Empties the run.
     */
    byte[] drain(Ipv4Address source, int identification) {
        byte[] packet;
        if (segments.size() == 1) {
            packet = new byte[VirtioNetHeader.LENGTH + Ipv4Codec.HEADER_LENGTH + first.length];
            System.arraycopy(first, 0, packet, VirtioNetHeader.LENGTH + Ipv4Codec.HEADER_LENGTH, first.length);
            Ipv4Codec.writeHeader(packet, VirtioNetHeader.LENGTH, source, destination, Ipv4Codec.PROTOCOL_TCP,
                    identification, first.length);
        } else {
            int tcpLength = headerLength + textBytes;
            int at = VirtioNetHeader.LENGTH + Ipv4Codec.HEADER_LENGTH;
            packet = new byte[at + tcpLength];
            System.arraycopy(first, 0, packet, at, headerLength);
            int to = at + headerLength;
            for (byte[] segment : segments) {
                System.arraycopy(segment, headerLength, packet, to, segment.length - headerLength);
                to += segment.length - headerLength;
            }
            byte[] last = segments.get(segments.size() - 1);
            packet[at + 13] = (byte) ((first[13] & ~PSH) | (last[13] & PSH));
            // CHECKSUM_PARTIAL: the field holds the pseudo-header's sum; the kernel completes each segment's.
            Ipv4Codec.putShort(packet, at + 16, InternetChecksum.fold(
                    PseudoHeader.ipv4(source, destination).sum(tcpLength)));
            Ipv4Codec.writeHeader(packet, VirtioNetHeader.LENGTH, source, destination, Ipv4Codec.PROTOCOL_TCP,
                    identification, tcpLength);
            VirtioNetHeader.writeSegmentation(packet, Ipv4Codec.HEADER_LENGTH + headerLength, segmentText,
                    Ipv4Codec.HEADER_LENGTH, 16);
        }
        first = null;
        destination = null;
        segments.clear();
        textBytes = 0;
        closed = false;
        return packet;
    }

    private void start(Ipv4Address to, byte[] segment, int length, int text) {
        destination = to;
        first = segment;
        headerLength = length;
        segmentText = text;
        textBytes = text;
        nextSeq = getInt(segment, 4) + text;
        closed = false;
        segments.add(segment);
    }

    /** Ports, ACK, data offset, window, urgent pointer and options equal the first's; flags may differ in PSH. */
    private boolean sameHeader(byte[] segment) {
        for (int i = 0; i < headerLength; i++) {
            boolean sequenceOrChecksum = (i >= 4 && i < 8) || i == 16 || i == 17;
            if (sequenceOrChecksum) {
                continue;
            }
            int mask = i == 13 ? ~PSH & 0xFF : 0xFF;
            if ((segment[i] & mask) != (first[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static int headerLength(byte[] segment) {
        return segment.length < 20 ? Integer.MAX_VALUE : ((segment[12] & 0xF0) >>> 4) * 4;
    }

    private static int getInt(byte[] bytes, int at) {
        return Ipv4Codec.getInt(bytes, at);
    }
}
