package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_1;
import static io.fsmgen.tcp.TcpState.LAST_ACK;
import static io.fsmgen.tcp.TcpState.LISTEN;
import static io.fsmgen.tcp.TcpState.SYN_RECEIVED;
import static io.fsmgen.tcp.TcpState.SYN_SENT;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TransmissionKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The passive closer's ACK of the peer's FIN, held back by the network behind its own FIN, ends the peer's TIME-WAIT
 * early: the peer, already in TIME-WAIT, answers that old duplicate with a second ACK of our FIN (§3.10.7.4 First,
 * as Linux's {@code tcp_timewait_state_process} does); the first ACK closed LAST-ACK, so the second finds no TCB and
 * gets {@code <SEQ=SEG.ACK><CTL=RST>} (§3.10.7.1, as Linux answers once its LAST-ACK socket is gone); that sequence
 * number is exactly the peer's RCV.NXT, and a TIME-WAIT that accepts RSTs (T85; Linux's {@code tcp_rfc1337 = 0})
 * closes on it: RFC 1337's TIME-WAIT assassination. {@code LossyKernelInteropTest} meets this sequence against the
 * Linux kernel on a reordering link; here it is replayed segment by segment, on virtual time.
 */
class TimeWaitAssassinationTest {

    private static final long TIME_WAIT_NANOS = EndpointConfig.simulation().tcp().timeWait().toNanos();

    @Test
    void test_CLOSED_RCV_ACK_secondAckOfOurFinEndsThePeersTimeWait() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        List<Segment> held = new ArrayList<>();
        sim.dropNext("the client's ACK of the server's FIN, held back", SimulatedPair.CLIENT, s -> {
            boolean pureAck = s.flags().equals(TcpFlags.ACK);
            if (pureAck) {
                held.add(s);
            }
            return pureAck;
        });
        pair.server().close(); // the server closes first, as the kernel does in SERVER_FIRST
        sim.advanceMillis(15); // the FIN is in; the client's ACK of it is held back
        assertEquals(CLOSE_WAIT, pair.client().state());
        assertEquals(FIN_WAIT_1, pair.server().state());
        assertEquals(1, held.size(), held::toString);
        Segment heldAck = held.get(0);

        pair.client().close(); // its FIN acknowledges the server's FIN: the server goes straight to TIME-WAIT
        sim.client().transmitRaw(heldAck, SimulatedPair.SERVER); // the held ACK, now behind the FIN
        sim.runOut();

        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, TIME_WAIT, CLOSED),
                pair.server().states());
        assertEquals(List.of(CLOSED, SYN_SENT, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED),
                pair.client().states());
        assertEquals(List.of("SYN,ACK", "FIN,ACK", "ACK", "ACK"), sim.sent("server"),
                "TIME-WAIT acknowledges the FIN, then answers the old ACK with the same ACK");
        assertEquals(List.of("SYN", "ACK", "ACK (lost)", "FIN,ACK", "ACK", "RST"), sim.sent("client"),
                "the second ACK of our FIN finds no TCB and is answered with a RST");

        List<Segment> fromServer = sim.trace().segments(TransmissionKind.SENT, "server", "client");
        List<Segment> fromClient = sim.trace().segments(TransmissionKind.SENT, "client", "server");
        Segment reset = fromClient.get(fromClient.size() - 1);
        Segment secondAck = fromServer.get(fromServer.size() - 1);
        assertEquals(secondAck.ack(), reset.seq(), "<SEQ=SEG.ACK><CTL=RST> (§3.10.7.1)");
        assertEquals(fromClient.get(fromClient.size() - 3).seq() + 1, reset.seq(),
                "the RST's sequence number is our FIN's plus one: the peer's RCV.NXT, which its TIME-WAIT accepts");
        assertEquals(1, sim.client().closedPortResets());
        assertEquals(0, sim.server().closedPortResets());

        long lingered = sim.timeOf("server", "TIME_WAIT -> CLOSED") - sim.timeOf("server", "FIN_WAIT_1 -> TIME_WAIT");
        assertTrue(lingered < TIME_WAIT_NANOS, "TIME-WAIT ended by the RST, not by 2·MSL: " + lingered + " ns");
        assertTrue(sim.trace().notes("server").contains("RCV_RST: TIME_WAIT -> CLOSED"),
                sim.trace().notes("server").toString());
    }
}
