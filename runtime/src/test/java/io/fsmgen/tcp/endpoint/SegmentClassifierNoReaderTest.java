package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.endpoint.SegmentClassifierTest.event;
import static io.fsmgen.tcp.endpoint.SegmentClassifierTest.segment;
import static io.fsmgen.tcp.endpoint.SegmentClassifierTest.synchronizedTcb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlags;
import org.junit.jupiter.api.Test;

/**
 * The classifier for a user that has closed for reading too (TcpSpec's A9): which segments become
 * {@link TcpEvent#RCV_DATA_NO_READER}, for the machine to answer with a RST, and which keep their usual event. As
 * Linux decides it: text beyond RCV.NXT, in order or not, after the sequence and ACK checks, in the states that take
 * text. TCB as in {@link SegmentClassifierTest}: SND.NXT 1101, RCV.NXT 5001, a 1000-byte window.
 */
class SegmentClassifierNoReaderTest {

    private static Verdict classify(Segment segment, TcpState state, boolean noReader) {
        return SegmentClassifier.classify(segment, state, synchronizedTcb(), false, noReader);
    }

    @Test
    void test_FIN_WAIT_2_RCV_DATA_NO_READER_textAtRcvNxt() {
        Segment text = segment(5001, 1101, TcpFlags.PSH_ACK).payload(new byte[10]).build();
        assertEquals(TcpEvent.RCV_DATA_NO_READER, event(classify(text, TcpState.FIN_WAIT_2, true)));
        assertEquals(TcpEvent.RCV_ACK, event(classify(text, TcpState.FIN_WAIT_2, false)), "a reader takes it");
    }

    @Test
    void test_FIN_WAIT_1_RCV_DATA_NO_READER_textWithFinAndOutOfOrderText() {
        Segment withFin = segment(5001, 1101, TcpFlags.FIN_ACK).payload(new byte[10]).build();
        assertEquals(TcpEvent.RCV_DATA_NO_READER, event(classify(withFin, TcpState.FIN_WAIT_1, true)));
        Segment ahead = segment(5101, 1101, TcpFlags.PSH_ACK).payload(new byte[10]).build();
        assertEquals(TcpEvent.RCV_DATA_NO_READER, event(classify(ahead, TcpState.FIN_WAIT_1, true)));
    }

    @Test
    void test_FIN_WAIT_2_RCV_FIN_bareFinStaysAFin() {
        Segment fin = segment(5001, 1101, TcpFlags.FIN_ACK).build();
        assertEquals(TcpEvent.RCV_FIN, event(classify(fin, TcpState.FIN_WAIT_2, true)));
    }

    /** An old duplicate has no new text: answered with an ACK as always. An ACK of unsent data is checked first. */
    @Test
    void test_FIN_WAIT_2_noNewText_keepsTheUsualVerdict() {
        Segment old = segment(4991, 1101, TcpFlags.PSH_ACK).payload(new byte[10]).build();
        assertInstanceOf(Verdict.Reply.class, classify(old, TcpState.FIN_WAIT_2, true));
        Segment ahead = segment(5001, 2000, TcpFlags.PSH_ACK).payload(new byte[10]).build();
        assertEquals(TcpEvent.RCV_ACK_UNACCEPTABLE, event(classify(ahead, TcpState.FIN_WAIT_2, true)));
    }

    /** After the peer's FIN there is no text to take (§3.10.7.4 Seventh): the usual ACK event. */
    @Test
    void test_CLOSE_WAIT_RCV_ACK_textAfterThePeersFinIsNotForAReader() {
        Segment text = segment(5001, 1101, TcpFlags.PSH_ACK).payload(new byte[10]).build();
        assertEquals(TcpEvent.RCV_ACK, event(classify(text, TcpState.CLOSE_WAIT, true)));
    }
}
