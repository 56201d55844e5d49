package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentChecksTest {

    private static final int MAX = 0xFFFF_FFFF;

    private static SegmentChecks.Sequence seq(int segSeq, int segLen, int rcvNxt, int rcvWnd) {
        return SegmentChecks.sequence(segSeq, segLen, rcvNxt, rcvWnd).verdict();
    }

    @Test
    void table6ZeroLengthSegments() {
        // SEG.LEN = 0, RCV.WND = 0: only SEG.SEQ = RCV.NXT.
        assertEquals(SegmentChecks.Sequence.ACCEPTABLE, seq(100, 0, 100, 0));
        assertEquals(SegmentChecks.Sequence.UNACCEPTABLE, seq(101, 0, 100, 0));
        // SEG.LEN = 0, RCV.WND > 0: RCV.NXT =< SEG.SEQ < RCV.NXT + RCV.WND.
        assertEquals(SegmentChecks.Sequence.ACCEPTABLE, seq(100, 0, 100, 10));
        assertEquals(SegmentChecks.Sequence.ACCEPTABLE, seq(109, 0, 100, 10));
        assertEquals(SegmentChecks.Sequence.UNACCEPTABLE, seq(110, 0, 100, 10));
        assertEquals(SegmentChecks.Sequence.UNACCEPTABLE, seq(99, 0, 100, 10));
    }

    @Test
    void table6SegmentsWithLength() {
        // SEG.LEN > 0, RCV.WND = 0: never.
        assertEquals(SegmentChecks.Sequence.UNACCEPTABLE, seq(100, 1, 100, 0));
        // SEG.LEN > 0, RCV.WND > 0: first or last octet in the window.
        assertEquals(SegmentChecks.Sequence.ACCEPTABLE, seq(95, 10, 100, 10), "tail overlaps the window");
        assertEquals(SegmentChecks.Sequence.ACCEPTABLE, seq(105, 10, 100, 10), "head in the window");
        assertEquals(SegmentChecks.Sequence.UNACCEPTABLE, seq(90, 10, 100, 10), "entirely old");
        assertEquals(SegmentChecks.Sequence.UNACCEPTABLE, seq(110, 10, 100, 10), "entirely beyond");
    }

    @Test
    void table6AcrossTheWrap() {
        assertEquals(SegmentChecks.Sequence.ACCEPTABLE, seq(MAX - 2, 5, MAX, 10));
        assertEquals(SegmentChecks.Sequence.ACCEPTABLE, seq(5, 0, MAX, 10));
        assertEquals(SegmentChecks.Sequence.UNACCEPTABLE, seq(9, 0, MAX, 10));
    }

    @Test
    void reasonsNameTheNumbers() {
        assertEquals("outside the receive window: SEG.SEQ=90 SEG.LEN=10 RCV.NXT=100 RCV.WND=10",
                SegmentChecks.sequence(90, 10, 100, 10).reason());
    }

    @Test
    void ackClassification() {
        assertEquals(SegmentChecks.Ack.NEW, SegmentChecks.ack(150, 100, 200, 1000).verdict());
        assertEquals(SegmentChecks.Ack.NEW, SegmentChecks.ack(200, 100, 200, 1000).verdict());
        assertEquals(SegmentChecks.Ack.DUPLICATE, SegmentChecks.ack(100, 100, 200, 1000).verdict());
        assertEquals(SegmentChecks.Ack.DUPLICATE, SegmentChecks.ack(MAX - 899, 100, 200, 1000).verdict(),
                "exactly SND.UNA - MAX.SND.WND, across the wrap");
        assertEquals(SegmentChecks.Ack.TOO_OLD, SegmentChecks.ack(MAX - 900, 100, 200, 1000).verdict());
        assertEquals(SegmentChecks.Ack.AHEAD, SegmentChecks.ack(201, 100, 200, 1000).verdict());
    }

    @Test
    void synSentAcceptsOnlyAnAckOfItsSyn() {
        assertTrue(SegmentChecks.synSentAckAcceptable(1001, 1000, 1001));
        assertFalse(SegmentChecks.synSentAckAcceptable(1000, 1000, 1001), "SEG.ACK =< ISS");
        assertFalse(SegmentChecks.synSentAckAcceptable(1002, 1000, 1001), "SEG.ACK > SND.NXT");
    }

    @Test
    void rfc5961ResetChecks() {
        assertEquals(SegmentChecks.Reset.RESET, SegmentChecks.reset(100, 100, 10).verdict());
        assertEquals(SegmentChecks.Reset.CHALLENGE_ACK, SegmentChecks.reset(105, 100, 10).verdict());
        assertEquals(SegmentChecks.Reset.DROP, SegmentChecks.reset(110, 100, 10).verdict());
        assertEquals(SegmentChecks.Reset.DROP, SegmentChecks.reset(99, 100, 10).verdict());
        assertEquals(SegmentChecks.Reset.RESET, SegmentChecks.reset(100, 100, 0).verdict(), "even in a zero window");
    }

    @Test
    void checksAgainstATcb() {
        Tcb tcb = new Tcb();
        tcb.initSend(1000);
        tcb.advanceSndNxt(1);
        tcb.initReceive(5000);
        tcb.rcvWnd(100);
        Segment synAckRetransmit = Segment.builder(80, 1234).seq(5000).ack(1001).flags(TcpFlags.SYN_ACK).build();
        assertEquals(SegmentChecks.Sequence.UNACCEPTABLE, SegmentChecks.sequence(synAckRetransmit, tcb).verdict());
        Segment data = Segment.builder(80, 1234).seq(5001).ack(1001).flags(TcpFlags.PSH_ACK)
                .payload(new byte[10]).build();
        assertEquals(SegmentChecks.Sequence.ACCEPTABLE, SegmentChecks.sequence(data, tcb).verdict());
        assertEquals(SegmentChecks.Ack.NEW, SegmentChecks.ack(data, tcb).verdict());
        assertEquals(SegmentChecks.Reset.RESET,
                SegmentChecks.reset(Segment.builder(80, 1234).seq(5001).flags(TcpFlags.RST).build(), tcb).verdict());
    }
}
