package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TcbAndRepliesTest {

    private static Segment ackWithWindow(int seq, int ack, int window) {
        return Segment.builder(80, 1234).seq(seq).ack(ack).flags(TcpFlags.ACK).window(window).build();
    }

    @Test
    void initialisesBothSides() {
        Tcb tcb = new Tcb();
        tcb.initSend(1000);
        tcb.advanceSndNxt(1);
        tcb.initReceive(-1); // IRS = 2^32 - 1: RCV.NXT wraps to 0
        assertEquals(1000, tcb.iss());
        assertEquals(1000, tcb.sndUna());
        assertEquals(1001, tcb.sndNxt());
        assertEquals(0, tcb.rcvNxt());
        assertEquals("ISS=1000 IRS=4294967295 SND.UNA=1000 SND.NXT=1001 SND.WND=0 RCV.NXT=0 RCV.WND=0",
                tcb.toString());
    }

    @Test
    void anOlderSegmentCannotShrinkTheWindow() {
        Tcb tcb = new Tcb();
        tcb.initSend(1000);
        tcb.forceSendWindow(ackWithWindow(5000, 1000, 100));
        assertTrue(tcb.updateSendWindow(ackWithWindow(5010, 1000, 200)), "newer SEG.SEQ");
        assertEquals(200, tcb.sndWnd());
        assertFalse(tcb.updateSendWindow(ackWithWindow(5005, 1000, 10)), "older SEG.SEQ");
        assertEquals(200, tcb.sndWnd());
        assertTrue(tcb.updateSendWindow(ackWithWindow(5010, 1001, 50)), "same SEG.SEQ, newer SEG.ACK");
        assertEquals(50, tcb.sndWnd());
        assertFalse(tcb.updateSendWindow(ackWithWindow(5010, 1000, 300)), "same SEG.SEQ, older SEG.ACK");
        assertEquals(200, tcb.maxSndWnd());
    }

    @Test
    void usableWindowSubtractsWhatIsInFlight() {
        Tcb tcb = new Tcb();
        tcb.initSend(-10);
        tcb.forceSendWindow(ackWithWindow(0, -10, 100));
        tcb.advanceSndNxt(30);
        assertEquals(30, tcb.inFlight());
        assertEquals(70, tcb.usableWindow());
        tcb.advanceSndNxt(80);
        assertEquals(0, tcb.usableWindow(), "never negative when the peer shrank its window");
        assertThrows(IllegalArgumentException.class, () -> tcb.rcvWnd(Tcb.MAX_WINDOW + 1));
    }

    @Test
    void resetForASegmentWithAck() {
        Segment arriving = Segment.builder(1234, 80).seq(7).ack(300).flags(TcpFlags.ACK).build();
        Segment reset = Replies.resetFor(arriving);
        assertEquals("R 300:300(0) win 0", reset.toString());
        assertEquals(80, reset.sourcePort());
        assertEquals(1234, reset.destinationPort());
    }

    @Test
    void resetForASynAcknowledgesIt() {
        Segment syn = Segment.builder(1234, 80).seq(100).flags(TcpFlags.SYN).build();
        assertEquals("R. 0:0(0) ack 101 win 0", Replies.resetFor(syn).toString());
        Segment dataFin = Segment.builder(1234, 80).seq(100).flags(TcpFlag.FIN).payload(new byte[5]).build();
        assertEquals(106, Replies.resetFor(dataFin).ack());
        assertFalse(Replies.shouldAnswerWithReset(Segment.builder(1, 2).flags(TcpFlags.RST).build()));
        assertTrue(Replies.shouldAnswerWithReset(syn));
    }

    @Test
    void ackAndAbortRepliesUseTheTcb() {
        Tcb tcb = new Tcb();
        tcb.initSend(1000);
        tcb.advanceSndNxt(1);
        tcb.initReceive(5000);
        tcb.rcvWnd(4096);
        assertEquals(". 1001:1001(0) ack 5001 win 4096", Replies.ack(1234, 80, tcb).toString());
        assertEquals("R 1001:1001(0) win 0", Replies.abortReset(1234, 80, tcb).toString());
    }
}
