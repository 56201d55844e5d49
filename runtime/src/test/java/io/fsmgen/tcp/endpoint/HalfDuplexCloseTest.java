package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.CLOSING;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_1;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.LAST_ACK;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The half-duplex close of RFC 9293 §3.6.1 between two simulated endpoints, the server closing for good with
 * {@code closeDiscardingUnread} (Linux's {@code close(2)}, TcpSpec's A9): new data after it is answered with a RST
 * and ends the connection, and a close for good with data unread after an earlier CLOSE sends a RST from CLOSING and
 * LAST_ACK too, where a plain ABORT sends none, and leaves TIME_WAIT to its 2·MSL. {@code UnreadDataAtResetTest} in
 * the TUN module compares the same cases with Linux.
 */
class HalfDuplexCloseTest {

    private static final byte[] DATA = {1, 2, 3, 4, 5};

    /** Closed for good with nothing unread, FIN acknowledged: the client's next data draws a RST. */
    @Test
    void test_FIN_WAIT_2_RCV_DATA_NO_READER_resetsThePeer() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.server().closeDiscardingUnread();
        sim.advanceMillis(50);
        assertEquals(FIN_WAIT_2, pair.server().state());
        pair.client().send(DATA);
        sim.advanceMillis(50);
        assertResetByServer(sim, pair);
    }

    /** As above with the server's FIN lost, so still FIN_WAIT_1 when the data comes. */
    @Test
    void test_FIN_WAIT_1_RCV_DATA_NO_READER_resetsThePeer() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        sim.dropNext("the server's FIN", SimulatedPair.SERVER, s -> s.has(TcpFlag.FIN));
        pair.server().closeDiscardingUnread();
        pair.client().send(DATA);
        sim.advanceMillis(50);
        assertEquals(FIN_WAIT_1, pair.server().states().get(pair.server().states().size() - 2));
        assertResetByServer(sim, pair);
    }

    /** {@code close()} then {@code closeDiscardingUnread()}, as {@code shutdown(SHUT_WR)} then {@code close(2)}. */
    @Test
    void test_FIN_WAIT_2_RCV_DATA_NO_READER_afterAnEarlierClose() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.server().close();
        sim.advanceMillis(50);
        int sent = sim.sent("server").size();
        pair.server().closeDiscardingUnread(); // no second FIN, no "connection closing"
        assertEquals(FIN_WAIT_2, pair.server().state());
        assertEquals(sent, sim.sent("server").size(), "nothing sent");
        pair.client().send(DATA);
        sim.advanceMillis(50);
        assertResetByServer(sim, pair);
    }

    /** The contrast: after a plain CLOSE the user may still read, and data after it is taken. */
    @Test
    void test_FIN_WAIT_2_RCV_ACK_dataAfterCloseIsTaken() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.server().close();
        sim.advanceMillis(50);
        pair.client().send(DATA);
        sim.advanceMillis(50);
        assertEquals(FIN_WAIT_2, pair.server().state());
        assertArrayEquals(DATA, pair.server().receive(100));
    }

    /** Our FIN lost, the client's FIN in: CLOSING with data unread. Closing for good sends a RST (ABORT would not). */
    @Test
    void test_CLOSING_CLOSE_DISCARDING_UNREAD_sendsRst() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().send(DATA);
        sim.advanceMillis(50);
        sim.dropNext("the server's FIN", SimulatedPair.SERVER, s -> s.has(TcpFlag.FIN));
        pair.server().close();
        pair.client().close();
        sim.advanceMillis(50);
        assertEquals(CLOSING, pair.server().state());
        pair.server().closeDiscardingUnread();
        assertRstFromClosedServer(sim, pair);
        assertEquals(CLOSED, pair.client().state(), "the RST reached FIN_WAIT_2");
    }

    /** The client's data and FIN unread, our FIN's ACK lost: LAST_ACK. Closing for good sends a RST. */
    @Test
    void test_LAST_ACK_CLOSE_DISCARDING_UNREAD_sendsRst() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().send(DATA);
        pair.client().close();
        sim.advanceMillis(50);
        assertEquals(CLOSE_WAIT, pair.server().state());
        sim.dropNext("the final ACK", SimulatedPair.CLIENT, s -> s.flags().equals(TcpFlags.ACK));
        pair.server().close();
        sim.advanceMillis(50);
        assertEquals(LAST_ACK, pair.server().state());
        pair.server().closeDiscardingUnread();
        assertRstFromClosedServer(sim, pair);
    }

    /** A plain ABORT in CLOSING keeps RFC 9293's row (A2): no RST. */
    @Test
    void test_CLOSING_ABORT_sendsNothing() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        sim.dropNext("the server's FIN", SimulatedPair.SERVER, s -> s.has(TcpFlag.FIN));
        pair.server().close();
        pair.client().close();
        sim.advanceMillis(50);
        assertEquals(CLOSING, pair.server().state());
        int sent = sim.sent("server").size();
        pair.server().abort();
        assertEquals(CLOSED, pair.server().state());
        assertEquals(sent, sim.sent("server").size(), "no RST");
    }

    /** TIME_WAIT with the client's data unread: nothing is sent, the 2·MSL runs on, the data is gone. */
    @Test
    void test_TIME_WAIT_CLOSE_DISCARDING_UNREAD_keepsTimeWait() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.server().close();
        sim.advanceMillis(50);
        pair.client().send(DATA);
        pair.client().close();
        sim.advanceMillis(50);
        TcpConnection s = pair.server();
        assertEquals(TIME_WAIT, s.state());
        assertEquals(DATA.length, s.readableBytes());
        int sent = sim.sent("server").size();
        s.closeDiscardingUnread();
        assertEquals(TIME_WAIT, s.state());
        assertEquals(sent, sim.sent("server").size(), "nothing sent");
        assertEquals(0, s.readableBytes(), "discarded");
        assertEquals(1, s.timeWaitStarts(), "not restarted");
        sim.runOut();
        assertEquals(CLOSED, s.state(), "the 2·MSL ended it");
    }

    private static void assertResetByServer(SimulatedPair sim, SimulatedPair.Opened pair) {
        List<String> sent = sim.sent("server");
        assertEquals("RST", sent.get(sent.size() - 1), () -> sim.diagram());
        assertEquals(CLOSED, pair.server().state());
        assertEquals(CLOSED, pair.client().state());
        assertTrue(pair.client().signals().contains(TcpSignal.RESET), () -> pair.client().signals().toString());
        assertTrue(!pair.server().signals().contains(TcpSignal.RESET), "nobody reads: no signal");
    }

    private static void assertRstFromClosedServer(SimulatedPair sim, SimulatedPair.Opened pair) {
        assertEquals(CLOSED, pair.server().state());
        assertEquals(0, pair.server().readableBytes(), "discarded");
        List<String> sent = sim.sent("server");
        assertEquals("RST", sent.get(sent.size() - 1), () -> sim.diagram());
        sim.advanceMillis(50);
    }
}
