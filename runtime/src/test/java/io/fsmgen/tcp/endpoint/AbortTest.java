package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.CLOSING;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_1;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.LAST_ACK;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ABORT in every synchronized state (§3.10.5, A2): the aborting side goes to CLOSED at once; a RST
 * {@code <SEQ=SND.NXT>} goes out from ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 and CLOSE_WAIT only, and the peer that
 * receives it is reset.
 */
class AbortTest {

    @Test
    void test_ESTABLISHED_ABORT() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        abortWithReset(sim, pair.client(), "client", ESTABLISHED);
        sim.runOut();
        assertReset(pair.server());
        assertEquals(List.of("SYN", "ACK", "RST"), sim.sent("client"));
    }

    @Test
    void test_FIN_WAIT_1_ABORT() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        abortWithReset(sim, pair.client(), "client", FIN_WAIT_1);
        sim.runOut();
        assertEquals(CLOSE_WAIT, pair.server().states().get(4), "the FIN arrived before the RST");
        assertReset(pair.server());
    }

    @Test
    void test_FIN_WAIT_2_ABORT() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        sim.advanceMillis(100);
        abortWithReset(sim, pair.client(), "client", FIN_WAIT_2);
        sim.runOut();
        assertReset(pair.server());
    }

    @Test
    void test_CLOSE_WAIT_ABORT() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        sim.advanceMillis(100);
        abortWithReset(sim, pair.server(), "server", CLOSE_WAIT);
        sim.runOut();
        assertReset(pair.client());
        assertEquals(FIN_WAIT_2, pair.client().states().get(4));
    }

    @Test
    void test_CLOSING_ABORT() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        // Both FINs cross and both ACKs of them are lost: each side sits in CLOSING.
        sim.network().dropMatching("ACKs of the crossing FINs", d -> d.decode() instanceof DecodeResult.Decoded decoded
                && decoded.segment().flags().equals(TcpFlags.ACK), 2);
        pair.client().close();
        pair.server().close();
        sim.advanceMillis(50);
        abortSilently(sim, pair.client(), "client", CLOSING);
        sim.runOut();
        // The server's retransmitted FIN meets a closed port, whose RST ends its CLOSING (T73).
        assertEquals(List.of(ESTABLISHED, FIN_WAIT_1, CLOSING, CLOSED), tail(pair.server(), 4));
    }

    @Test
    void test_LAST_ACK_ABORT() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        sim.advanceMillis(100);
        sim.dropNext("the final ACK", SimulatedPair.CLIENT, s -> s.flags().equals(TcpFlags.ACK));
        pair.server().close();
        sim.advanceMillis(50);
        abortSilently(sim, pair.server(), "server", LAST_ACK);
        sim.runOut();
        assertEquals(List.of(FIN_WAIT_2, TIME_WAIT, CLOSED), tail(pair.client(), 3));
    }

    @Test
    void test_TIME_WAIT_ABORT() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        sim.advanceMillis(100);
        pair.server().close();
        sim.advanceMillis(100);
        long before = sim.clock().nanoTime();
        abortSilently(sim, pair.client(), "client", TIME_WAIT);
        assertEquals(before, sim.timeOf("client", "TIME_WAIT -> CLOSED"), "no 2·MSL wait after ABORT");
        sim.runOut();
        assertEquals(CLOSED, pair.server().state());
    }

    @Test
    void test_CLOSED_ABORT() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().abort();
        TcpException error = assertThrows(TcpException.class, () -> pair.client().abort());
        assertEquals("connection does not exist", error.text());
    }

    private static void abortWithReset(SimulatedPair sim, TcpConnection connection, String name, TcpState in) {
        assertEquals(in, connection.state());
        int sndNxt = connection.tcb().sndNxt();
        connection.abort();
        assertEquals(CLOSED, connection.state());
        sim.advanceMillis(0);
        List<String> sent = sim.sent(name);
        assertEquals("RST", sent.get(sent.size() - 1));
        assertTrue(sim.trace().segments(io.fsmgen.tcp.engine.TransmissionKind.SENT, name,
                name.equals("client") ? "server" : "client").stream()
                .anyMatch(s -> s.has(TcpFlag.RST) && s.seq() == sndNxt), "RST <SEQ=SND.NXT>");
    }

    private static void abortSilently(SimulatedPair sim, TcpConnection connection, String name, TcpState in) {
        assertEquals(in, connection.state());
        int before = sim.sent(name).size();
        connection.abort();
        assertEquals(CLOSED, connection.state());
        sim.advanceMillis(0);
        assertEquals(before, sim.sent(name).size(), "no RST from " + in);
    }

    private static void assertReset(TcpConnection peer) {
        assertEquals(CLOSED, peer.state());
        assertTrue(peer.signals().contains(TcpSignal.RESET), "peer told \"connection reset\": " + peer.signals());
    }

    private static List<TcpState> tail(TcpConnection connection, int count) {
        List<TcpState> states = connection.states();
        return states.subList(states.size() - count, states.size());
    }
}
