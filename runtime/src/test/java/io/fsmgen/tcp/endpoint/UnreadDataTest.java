package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Received data still unread when a RST ends the connection, and when the user closes: between two endpoints, the
 * behaviour {@code UnreadDataAtResetTest} in the TUN module compares with Linux.
 */
class UnreadDataTest {

    private static final byte[] DATA = {1, 2, 3, 4, 5};

    @Test
    void test_ESTABLISHED_RCV_RST_unreadDataThenConnectionResetOnce() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().send(DATA);
        sim.advanceMillis(100);
        pair.client().abort();
        sim.runOut();
        TcpConnection c = pair.server();
        assertEquals(CLOSED, c.state());
        assertArrayEquals(DATA, c.receive(100), "the bytes that arrived before the RST");
        assertEquals(TcpSignal.RESET.text(), refusal(() -> c.receive(100)));
        assertEquals(TcpSpec.CONNECTION_DOES_NOT_EXIST, refusal(() -> c.receive(100)));
        assertEquals(TcpSpec.CONNECTION_DOES_NOT_EXIST, refusal(() -> c.send(DATA)));
    }

    @Test
    void test_CLOSE_WAIT_RCV_RST_unreadDataThenNoReset() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().send(DATA);
        pair.client().close();
        sim.advanceMillis(100);
        assertEquals(CLOSE_WAIT, pair.server().state());
        pair.client().abort();
        sim.runOut();
        TcpConnection c = pair.server();
        assertEquals(List.of(TcpSignal.CONNECTED, TcpSignal.CLOSING, TcpSignal.RESET), c.signals());
        assertEquals(TcpSpec.CONNECTION_DOES_NOT_EXIST, refusal(() -> c.send(DATA)), "no reset after the FIN");
        assertArrayEquals(DATA, c.receive(100));
        assertTrue(c.isEndOfStream());
    }

    @Test
    void test_ESTABLISHED_CLOSE_withUnreadDataSendsFin() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().send(DATA);
        sim.advanceMillis(100);
        pair.server().close();
        assertEquals(FIN_WAIT_1, pair.server().state());
        assertArrayEquals(DATA, pair.server().receive(100), "CLOSE leaves the rest to read");
    }

    @Test
    void test_ESTABLISHED_CLOSE_discardingUnreadDataResetsThePeer() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().send(DATA);
        sim.advanceMillis(100);
        pair.server().closeDiscardingUnread();
        assertEquals(CLOSED, pair.server().state());
        sim.runOut();
        List<String> sent = sim.sent("server");
        assertEquals("RST", sent.get(sent.size() - 1));
        assertEquals(CLOSED, pair.client().state());
        assertEquals(TcpSignal.RESET.text(), refusal(() -> pair.client().receive(100)));
        assertEquals(TcpSpec.CONNECTION_DOES_NOT_EXIST, refusal(() -> pair.server().receive(100)), "discarded");
    }

    @Test
    void test_ESTABLISHED_CLOSE_discardingNothingSendsFin() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.server().closeDiscardingUnread();
        assertEquals(FIN_WAIT_1, pair.server().state());
    }

    private static String refusal(Runnable call) {
        return assertThrows(TcpException.class, call::run).text();
    }
}
