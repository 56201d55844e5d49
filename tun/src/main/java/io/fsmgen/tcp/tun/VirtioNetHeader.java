package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.InternetChecksum;
import java.util.Arrays;

/**
 * The {@code virtio_net_hdr} in front of every packet on a TUN device with offloads (little-endian, 10 bytes):
 * whether the checksum is still to be computed, and how a packet of up to 64 KiB is to be cut into segments.
 */
final class VirtioNetHeader {

    static final int LENGTH = 10;
    /** {@code VIRTIO_NET_HDR_F_NEEDS_CSUM}: the checksum at csum_start + csum_offset holds only the pseudo-header's. */
    static final int NEEDS_CHECKSUM = 1;
    /** {@code VIRTIO_NET_HDR_GSO_TCPV4}. */
    static final int GSO_TCPV4 = 1;

    private VirtioNetHeader() {
    }

    /**
     * Completes the checksum the kernel left to us, if the header at {@code buffer[0]} says so: the one's-complement
     * sum from csum_start to the end of the packet (which includes the pseudo-header's sum already in the field),
     * complemented, at csum_start + csum_offset. Returns false if those offsets do not fit the packet.
     */
    static boolean completeChecksum(byte[] buffer, int length) {
        if ((buffer[0] & NEEDS_CHECKSUM) == 0) {
            return true;
        }
        int start = LENGTH + u16(buffer, 6);
        int field = start + u16(buffer, 8);
        if (start >= length || field + 2 > length) {
            return false;
        }
        int sum = InternetChecksum.fold(InternetChecksum.add(0, buffer, start, length - start));
        Ipv4Codec.putShort(buffer, field, ~sum & 0xFFFF);
        return true;
    }

    /** A header saying the packet after it is complete: checksums computed, nothing to segment. */
    static void writePlain(byte[] buffer) {
        Arrays.fill(buffer, 0, LENGTH, (byte) 0);
    }

    /**
     * A header asking the kernel to complete the checksum whose field is at {@code checksumStart + checksumOffset}
     * (it holds the pseudo-header's sum), summing from {@code checksumStart} to the end; nothing to segment. On local
     * delivery the kernel trusts such a packet as it trusts its own (CHECKSUM_PARTIAL) and computes nothing.
     */
    static void writeChecksumOnly(byte[] buffer, int checksumStart, int checksumOffset) {
        buffer[0] = NEEDS_CHECKSUM;
        buffer[1] = 0; // VIRTIO_NET_HDR_GSO_NONE
        putU16(buffer, 2, 0);
        putU16(buffer, 4, 0);
        putU16(buffer, 6, checksumStart);
        putU16(buffer, 8, checksumOffset);
    }

    /**
     * A header asking the kernel to cut the TCP/IPv4 packet after it into segments of {@code segmentSize} bytes of
     * text after {@code headerLength} bytes of IP and TCP header, completing each one's checksum, whose field is at
     * {@code checksumStart + checksumOffset}.
     */
    static void writeSegmentation(byte[] buffer, int headerLength, int segmentSize, int checksumStart,
            int checksumOffset) {
        buffer[0] = NEEDS_CHECKSUM;
        buffer[1] = GSO_TCPV4;
        putU16(buffer, 2, headerLength);
        putU16(buffer, 4, segmentSize);
        putU16(buffer, 6, checksumStart);
        putU16(buffer, 8, checksumOffset);
    }

    private static void putU16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
    }

    private static int u16(byte[] bytes, int at) {
        return bytes[at] & 0xFF | (bytes[at + 1] & 0xFF) << 8;
    }
}
