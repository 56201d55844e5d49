package io.fsmgen.tcp.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import org.junit.jupiter.api.Test;

/**
 * The classifier alone, one segment against one TCB: which event the machine hears, or which reply the RFC sends
 * instead. Our ISS is 1000 and the peer's IRS 5000; synchronized TCBs have SND.UNA = SND.NXT = 1101 (100 bytes
 * acknowledged) and RCV.NXT = 5001 with a 1000-byte window.
 */
class SegmentClassifierTest {

    /** SND.NXT 1101, RCV.NXT 5001, a 1000-byte window; shared with {@link SegmentClassifierNoReaderTest}. */
    static Tcb synchronizedTcb() {
        Tcb tcb = new Tcb();
        tcb.initSend(1000);
        tcb.advanceSndNxt(101);
        tcb.sndUna(1101);
        tcb.initReceive(5000);
        tcb.rcvWnd(1000);
        tcb.forceSendWindow(segment(5001, 1101, TcpFlags.ACK).window(4000).build());
        return tcb;
    }

    static Segment.Builder segment(int seq, int ack, TcpFlags flags) {
        return Segment.builder(80, 40_000).seq(seq).ack(ack).flags(flags).window(1000);
    }

    static TcpEvent event(Verdict verdict) {
        return assertInstanceOf(Verdict.Deliver.class, verdict, verdict::toString).event();
    }

    @Test
    void test_ESTABLISHED_RCV_ACK_withData() {
        Verdict verdict = SegmentClassifier.classify(segment(5001, 1101, TcpFlags.PSH_ACK).payload(new byte[10])
                .build(), TcpState.ESTABLISHED, synchronizedTcb(), false);
        assertEquals(TcpEvent.RCV_ACK, event(verdict));
    }

    /**
     * At a zero window, text at RCV.NXT is not acceptable, but its ACK is (§3.10.7.4, "special allowance"): the
     * machine hears the ACK. Text elsewhere, a bare FIN or a SYN stays unacceptable and is answered with an ACK.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_withTextAtAZeroWindow() {
        Tcb tcb = synchronizedTcb();
        tcb.rcvWnd(0);
        assertEquals(TcpEvent.RCV_ACK, event(SegmentClassifier.classify(segment(5001, 1101, TcpFlags.PSH_ACK)
                .payload(new byte[1]).build(), TcpState.ESTABLISHED, tcb, false)));
        for (Segment unacceptable : new Segment[] {
                segment(5002, 1101, TcpFlags.PSH_ACK).payload(new byte[1]).build(),
                segment(5001, 1101, TcpFlags.FIN_ACK).build(),
                segment(5001, 1101, TcpFlags.SYN_ACK).payload(new byte[1]).build()}) {
            Verdict verdict = SegmentClassifier.classify(unacceptable, TcpState.ESTABLISHED, tcb, false);
            assertInstanceOf(Verdict.Reply.class, verdict, unacceptable + ": " + verdict);
        }
    }

    /**
     * The same allowance for text that starts before RCV.NXT and runs past it (a retransmission of a segment the
     * window took only part of, whose ACK may be new), as Linux's {@code tcp_sequence} accepts any segment that
     * starts at or before RCV.NXT and does not end before it. Text that ends at RCV.NXT is an old duplicate and
     * stays unacceptable.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_withTextOverlappingRcvNxtAtAZeroWindow() {
        Tcb tcb = synchronizedTcb();
        tcb.rcvWnd(0);
        assertEquals(TcpEvent.RCV_ACK, event(SegmentClassifier.classify(segment(4901, 1101, TcpFlags.PSH_ACK)
                .payload(new byte[200]).build(), TcpState.ESTABLISHED, tcb, false)));
        Segment old = segment(4901, 1101, TcpFlags.PSH_ACK).payload(new byte[100]).build();
        Verdict verdict = SegmentClassifier.classify(old, TcpState.ESTABLISHED, tcb, false);
        assertInstanceOf(Verdict.Reply.class, verdict, old + ": " + verdict);
    }

    @Test
    void test_ESTABLISHED_RCV_ACK_PARTIAL() {
        Tcb tcb = synchronizedTcb();
        tcb.advanceSndNxt(50);
        assertEquals(TcpEvent.RCV_ACK_PARTIAL, event(SegmentClassifier.classify(segment(5001, 1120, TcpFlags.ACK)
                .build(), TcpState.ESTABLISHED, tcb, false)));
    }

    @Test
    void test_ESTABLISHED_RCV_ACK_UNACCEPTABLE_ahead() {
        assertEquals(TcpEvent.RCV_ACK_UNACCEPTABLE, event(SegmentClassifier.classify(
                segment(5001, 2000, TcpFlags.ACK).build(), TcpState.ESTABLISHED, synchronizedTcb(), false)));
    }

    @Test
    void outOfWindowSegmentIsAnsweredWithAnAck() {
        Verdict verdict = SegmentClassifier.classify(segment(9000, 1101, TcpFlags.PSH_ACK).payload(new byte[5])
                .build(), TcpState.ESTABLISHED, synchronizedTcb(), false);
        Segment reply = assertInstanceOf(Verdict.Reply.class, verdict).reply();
        assertEquals(TcpFlags.ACK, reply.flags());
        assertEquals(1101, reply.seq());
        assertEquals(5001, reply.ack());
        assertEquals(80, reply.destinationPort(), "back to the sender");
    }

    /**
     * A SYN outside the window (here the peer's first SYN again, SEG.SEQ = IRS) in a synchronized state gets Table 6's
     * ACK as a challenge ACK, which the endpoint rate-limits, as Linux's {@code tcp_validate_incoming} does; other
     * text outside the window gets the plain ACK.
     */
    @Test
    void test_ESTABLISHED_RCV_SYN_outsideTheWindowEarnsARateLimitedChallengeAck() {
        for (TcpState state : new TcpState[] {TcpState.ESTABLISHED, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT}) {
            Verdict verdict = SegmentClassifier.classify(segment(5000, 0, TcpFlags.SYN).build(), state,
                    synchronizedTcb(), false);
            Verdict.Reply reply = assertInstanceOf(Verdict.Reply.class, verdict, state + ": " + verdict);
            assertTrue(reply.challenge(), state + ": " + verdict);
            assertEquals(TcpFlags.ACK, reply.reply().flags());
            assertEquals(5001, reply.reply().ack());
        }
        Verdict data = SegmentClassifier.classify(segment(9000, 1101, TcpFlags.PSH_ACK).payload(new byte[5]).build(),
                TcpState.ESTABLISHED, synchronizedTcb(), false);
        assertFalse(assertInstanceOf(Verdict.Reply.class, data).challenge(), data::toString);
    }

    @Test
    void rstInTheWindowButNotAtRcvNxtEarnsAChallengeAck() {
        Verdict verdict = SegmentClassifier.classify(segment(5100, 0, TcpFlags.RST).build(), TcpState.ESTABLISHED,
                synchronizedTcb(), false);
        assertEquals(TcpFlags.ACK, assertInstanceOf(Verdict.Reply.class, verdict).reply().flags());
    }

    @Test
    void rstOutsideTheWindowIsDropped() {
        assertInstanceOf(Verdict.Drop.class, SegmentClassifier.classify(segment(90_000, 0, TcpFlags.RST).build(),
                TcpState.ESTABLISHED, synchronizedTcb(), false));
    }

    @Test
    void test_ESTABLISHED_RCV_RST_atRcvNxt() {
        assertEquals(TcpEvent.RCV_RST, event(SegmentClassifier.classify(segment(5001, 0, TcpFlags.RST).build(),
                TcpState.ESTABLISHED, synchronizedTcb(), false)));
    }

    @Test
    void test_ESTABLISHED_RCV_SYN_inWindow() {
        assertEquals(TcpEvent.RCV_SYN, event(SegmentClassifier.classify(segment(5010, 0, TcpFlags.SYN).build(),
                TcpState.ESTABLISHED, synchronizedTcb(), false)));
    }

    @Test
    void segmentWithoutAckIsDropped() {
        Verdict verdict = SegmentClassifier.classify(segment(5001, 0, TcpFlags.NONE).payload(new byte[3]).build(),
                TcpState.ESTABLISHED, synchronizedTcb(), false);
        assertTrue(assertInstanceOf(Verdict.Drop.class, verdict).reason().contains("no ACK"));
    }

    @Test
    void test_ESTABLISHED_RCV_FIN_inOrder() {
        Verdict verdict = SegmentClassifier.classify(segment(5001, 1101, TcpFlags.FIN_ACK).payload(new byte[4])
                .build(), TcpState.ESTABLISHED, synchronizedTcb(), false);
        assertEquals(TcpEvent.RCV_FIN, event(verdict));
        assertTrue(((Verdict.Deliver) verdict).finInOrder());
    }

    @Test
    void finAheadOfMissingDataIsHeldBackAsAnAck() {
        Verdict verdict = SegmentClassifier.classify(segment(5100, 1101, TcpFlags.FIN_ACK).payload(new byte[4])
                .build(), TcpState.ESTABLISHED, synchronizedTcb(), false);
        assertEquals(TcpEvent.RCV_ACK, event(verdict));
        assertEquals(false, ((Verdict.Deliver) verdict).finInOrder());
    }

    @Test
    void test_FIN_WAIT_1_RCV_FIN_ACK() {
        Tcb tcb = synchronizedTcb();
        tcb.advanceSndNxt(1); // our FIN at 1101
        assertEquals(TcpEvent.RCV_FIN_ACK, event(SegmentClassifier.classify(segment(5001, 1102, TcpFlags.FIN_ACK)
                .build(), TcpState.FIN_WAIT_1, tcb, true)));
        assertEquals(TcpEvent.RCV_FIN, event(SegmentClassifier.classify(segment(5001, 1101, TcpFlags.FIN_ACK)
                .build(), TcpState.FIN_WAIT_1, tcb, true)));
    }

    @Test
    void test_TIME_WAIT_RCV_FIN_ACK_retransmitted() {
        Tcb tcb = synchronizedTcb();
        tcb.advanceSndNxt(1);
        tcb.sndUna(1102);
        tcb.rcvNxt(5002); // the peer's FIN at 5001 is held
        Verdict verdict = SegmentClassifier.classify(segment(5001, 1102, TcpFlags.FIN_ACK).build(),
                TcpState.TIME_WAIT, tcb, true);
        assertEquals(TcpEvent.RCV_FIN_ACK, event(verdict));
        assertEquals(false, ((Verdict.Deliver) verdict).finInOrder(), "already held: not taken again");
    }

    @Test
    void test_SYN_SENT_RCV_ACK_UNACCEPTABLE() {
        Tcb tcb = new Tcb();
        tcb.initSend(1000);
        tcb.advanceSndNxt(1);
        assertEquals(TcpEvent.RCV_ACK_UNACCEPTABLE, event(SegmentClassifier.classify(
                segment(7000, 1000, TcpFlags.SYN_ACK).build(), TcpState.SYN_SENT, tcb, false)));
        assertInstanceOf(Verdict.Drop.class, SegmentClassifier.classify(segment(7000, 1000, TcpFlags.RST_ACK).build(),
                TcpState.SYN_SENT, tcb, false), "a RST whose ACK misses our SYN is dropped");
        assertEquals(TcpEvent.RCV_SYN_ACK, event(SegmentClassifier.classify(segment(7000, 1001, TcpFlags.SYN_ACK)
                .build(), TcpState.SYN_SENT, tcb, false)));
    }

    @Test
    void test_SYN_RECEIVED_RCV_SYN_ACK_simultaneousOpen() {
        Tcb tcb = new Tcb();
        tcb.initSend(1000);
        tcb.advanceSndNxt(1);
        tcb.initReceive(5000);
        tcb.rcvWnd(1000);
        // The peer's SYN+ACK repeats the SYN we hold: with its SYN trimmed it is acceptable (A1).
        assertEquals(TcpEvent.RCV_SYN_ACK, event(SegmentClassifier.classify(segment(5000, 1001, TcpFlags.SYN_ACK)
                .build(), TcpState.SYN_RECEIVED, tcb, false)));
        // A bare retransmitted SYN repeats the one held: RCV_SYN_RETRANSMITTED (A8), never RCV_SYN, which resets.
        assertEquals(TcpEvent.RCV_SYN_RETRANSMITTED, event(SegmentClassifier.classify(segment(5000, 0, TcpFlags.SYN)
                .build(), TcpState.SYN_RECEIVED, tcb, false)));
        // A SYN at another number in the window is a new one (T34/T35).
        assertEquals(TcpEvent.RCV_SYN, event(SegmentClassifier.classify(segment(5100, 0, TcpFlags.SYN).build(),
                TcpState.SYN_RECEIVED, tcb, false)));
    }

    @Test
    void test_CLOSED_segmentWithoutAckGetsRstAck() {
        Verdict verdict = SegmentClassifier.classify(segment(300, 0, TcpFlags.NONE).payload(new byte[7]).build(),
                TcpState.CLOSED, null, false);
        Segment reply = assertInstanceOf(Verdict.Reply.class, verdict).reply();
        assertEquals(TcpFlags.RST_ACK, reply.flags());
        assertEquals(307, reply.ack());
    }

    @Test
    void test_LISTEN_RCV_SYN() {
        assertEquals(TcpEvent.RCV_SYN, event(SegmentClassifier.classify(segment(300, 0, TcpFlags.SYN).build(),
                TcpState.LISTEN, null, false)));
        assertEquals(TcpEvent.RCV_ACK, event(SegmentClassifier.classify(segment(300, 5, TcpFlags.ACK).build(),
                TcpState.LISTEN, null, false)));
    }

    /** A SYN+FIN opens nothing: dropped, with the reason counted, as Linux drops it. */
    @Test
    void test_LISTEN_RCV_SYN_withFin() {
        Verdict verdict = SegmentClassifier.classify(segment(300, 0, TcpFlags.of(TcpFlag.SYN, TcpFlag.FIN)).build(),
                TcpState.LISTEN, null, false);
        assertEquals(new Verdict.Drop("SYN+FIN in LISTEN: dropped, as Linux does"), verdict);
    }
}
