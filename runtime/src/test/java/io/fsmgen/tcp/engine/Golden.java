package io.fsmgen.tcp.engine;

import java.util.HexFormat;

/** Shared fixtures: two hosts and segments whose encodings were worked out by hand. */
final class Golden {

    static final Ipv4Address CLIENT_IP = Ipv4Address.of(10, 0, 0, 1);
    static final Ipv4Address SERVER_IP = Ipv4Address.of(10, 0, 0, 2);
    static final PseudoHeader CLIENT_TO_SERVER = PseudoHeader.ipv4(CLIENT_IP, SERVER_IP);
    static final PseudoHeader SERVER_TO_CLIENT = PseudoHeader.ipv4(SERVER_IP, CLIENT_IP);

    /** 1234 > 80, SYN, seq 1000, win 65535, MSS 1460. */
    static final Segment SYN = Segment.builder(1234, 80).seq(1000).flags(TcpFlags.SYN).window(65535).mss(1460).build();

    /**
     * The SYN on the wire. Checksum by hand, in 16-bit words:
     * pseudo-header 0a00 + 0001 + 0a00 + 0002 + 0006 + 0018 = 0x1421;
     * header 04d2 + 0050 + 03e8 + 6002 + ffff + 0204 + 05b4 = 0x170c3 (zero words left out);
     * total 0x184e4, folded 0x84e5, complemented 0x7b1a.
     */
    static final byte[] SYN_BYTES = hex("04d20050 000003e8 00000000 6002ffff 7b1a0000 020405b4");

    /**
     * 1234 > 80, the SYN a stock Linux sends: win 64240, {@code <mss 1460,sackOK,TS val 305419896 ecr 0,nop,wscale 7>}.
     */
    static final Segment LINUX_SYN = Segment.builder(1234, 80).seq(1000).flags(TcpFlags.SYN).window(64240)
            .options(TcpOptions.of(new TcpOption.MaximumSegmentSize(1460), new TcpOption.SackPermitted(),
                    new TcpOption.Timestamps(0x12345678, 0), new TcpOption.NoOperation(), new TcpOption.WindowScale(7)))
            .build();

    /**
     * The Linux SYN on the wire, data offset 10. Checksum by hand, in 16-bit words: pseudo-header 0a00 + 0001 + 0a00
     * + 0002 + 0006 + 0028; header 04d2 + 0050 + 03e8 + a002 + faf0; options 0204 + 05b4 + 0402 + 080a + 1234 + 5678
     * + 0103 + 0307 (zero words left out); total 0x238a7, folded 0x38a9, complemented 0xc756. Checked against a
     * separate script.
     */
    static final byte[] LINUX_SYN_BYTES = hex("04d20050 000003e8 00000000 a002faf0 c7560000"
            + " 020405b4 0402080a 12345678 00000000 01030307");

    /** 80 > 1234, PSH+ACK, seq 2000, ack 1001, win 8192, "hello" (odd length, so the last byte is padded). */
    static final Segment DATA = Segment.builder(80, 1234).seq(2000).ack(1001).flags(TcpFlags.PSH_ACK).window(8192)
            .payload("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).build();

    /** Checksum 0x2718, computed by hand like the SYN's and checked against a separate script. */
    static final byte[] DATA_BYTES = hex("005004d2 000007d0 000003e9 50182000 27180000 68656c6c6f");

    private Golden() {
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    /**
     * An independent checksum for cross-checks: builds the pseudo-header bytes explicitly and sums 16-bit words with
     * int arithmetic, folding as it goes, rather than sharing any code with the codec.
     */
    static int referenceChecksum(Ipv4Address source, Ipv4Address destination, byte[] segmentWithZeroChecksum) {
        byte[] all = new byte[12 + segmentWithZeroChecksum.length + 1];
        System.arraycopy(source.octets(), 0, all, 0, 4);
        System.arraycopy(destination.octets(), 0, all, 4, 4);
        all[9] = 6;
        all[10] = (byte) (segmentWithZeroChecksum.length >> 8);
        all[11] = (byte) segmentWithZeroChecksum.length;
        System.arraycopy(segmentWithZeroChecksum, 0, all, 12, segmentWithZeroChecksum.length);
        int sum = 0;
        for (int i = 0; i + 1 < all.length; i += 2) {
            sum += ((all[i] & 0xFF) << 8) + (all[i + 1] & 0xFF);
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }
}
