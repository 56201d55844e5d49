package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SegmentTest {

    @Test
    void toStringReadsLikeTcpdump() {
        assertEquals("S 1000:1000(0) win 65535 <mss 1460>", Golden.SYN.toString());
        Segment synAck = Segment.builder(80, 1234).seq(2000).ack(1001).flags(TcpFlags.SYN_ACK).window(8192).build();
        assertEquals("S. 2000:2000(0) ack 1001 win 8192", synAck.toString());
        assertEquals("P. 2000:2005(5) ack 1001 win 8192", Golden.DATA.toString());
        assertEquals("F. 7:7(0) ack 9 win 100",
                Segment.builder(1, 2).seq(7).ack(9).flags(TcpFlags.FIN_ACK).window(100).build().toString());
        assertEquals("R 5:5(0) win 0", Segment.builder(1, 2).seq(5).flags(TcpFlags.RST).build().toString());
        assertEquals(". 5:5(0) ack 6 win 1",
                Segment.builder(1, 2).seq(5).ack(6).flags(TcpFlags.ACK).window(1).build().toString());
        assertEquals("none 0:0(0) win 0", Segment.builder(1, 2).build().toString());
    }

    @Test
    void sequenceNumbersPrintUnsigned() {
        Segment high = Segment.builder(1, 2).seq(0xFFFF_FFFEL).ack(4_000_000_000L).flags(TcpFlags.PSH_ACK)
                .payload(new byte[3]).build();
        assertEquals("P. 4294967294:1(3) ack 4000000000 win 0", high.toString());
        assertEquals("PSH,ACK seq=4294967294 ack=4000000000 len=3", high.label());
    }

    @Test
    void labelUsesTextbookFlagNames() {
        assertEquals("SYN seq=1000", Golden.SYN.label());
        assertEquals("SYN,ACK seq=2000 ack=1001",
                Segment.builder(80, 1234).seq(2000).ack(1001).flags(TcpFlags.SYN_ACK).build().label());
        assertEquals("FIN,ACK seq=1 ack=2",
                Segment.builder(80, 1234).seq(1).ack(2).flags(TcpFlags.FIN_ACK).build().label());
    }

    @Test
    void sequenceLengthCountsSynAndFin() {
        assertEquals(1, Golden.SYN.sequenceLength());
        assertEquals(5, Golden.DATA.sequenceLength());
        Segment finWithData = Golden.DATA.toBuilder().flags(TcpFlag.FIN, TcpFlag.ACK).build();
        assertEquals(6, finWithData.sequenceLength());
    }

    @Test
    void dataOffsetFollowsTheOptions() {
        assertEquals(6, Golden.SYN.dataOffset());
        assertEquals(24, Golden.SYN.headerLength());
        assertEquals(5, Golden.DATA.dataOffset());
        assertEquals(25, Golden.DATA.wireLength());
    }

    @Test
    void payloadIsCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        Segment segment = Segment.builder(1, 2).payload(data).build();
        data[0] = 99;
        assertEquals(1, segment.payload()[0]);
        segment.payload()[1] = 99;
        assertEquals(2, segment.payload()[1]);
        assertArrayEquals(new byte[] {1, 2, 3}, segment.payload());
        assertEquals(3, segment.payloadBuffer().remaining());
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> segment.payloadBuffer().put((byte) 0));
    }

    @Test
    void equalityComparesPayloadContent() {
        Segment a = Segment.builder(1, 2).payload(new byte[] {1, 2}).build();
        Segment b = Segment.builder(1, 2).payload(new byte[] {1, 2}).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Segment.builder(1, 2).payload(new byte[] {1, 3}).build());
        assertEquals(Golden.SYN, Golden.SYN.toBuilder().build());
    }

    @Test
    void outOfRangeFieldsAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> Segment.builder(65536, 1).build());
        assertThrows(IllegalArgumentException.class, () -> Segment.builder(1, -1).build());
        assertThrows(IllegalArgumentException.class, () -> Segment.builder(1, 1).window(70000).build());
        assertThrows(IllegalArgumentException.class, () -> Segment.builder(1, 1).mss(-1).build());
        assertThrows(IllegalArgumentException.class, () -> Segment.builder(1, 1).payload(new byte[65516]).build());
        assertThrows(IllegalArgumentException.class, () -> new TcpFlags(256));
    }

    @Test
    void flagsHelpers() {
        TcpFlags flags = TcpFlags.SYN.with(TcpFlag.ACK);
        assertEquals(TcpFlags.SYN_ACK, flags);
        assertEquals(TcpFlags.SYN, flags.without(TcpFlag.ACK));
        assertEquals("S.", flags.tcpdump());
        assertEquals("FSRP.UEW", new TcpFlags(0xFF).tcpdump());
        assertEquals("CWR,ECE,URG,SYN,FIN,RST,PSH,ACK", new TcpFlags(0xFF).names());
    }
}
