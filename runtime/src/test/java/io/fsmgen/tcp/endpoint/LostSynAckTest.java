package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.LinkProfile;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TcpOptions;
import org.junit.jupiter.api.Test;

/**
 * Our SYN+ACK is lost and a stock Linux client, still in SYN-SENT, sends its SYN again (after its 1 s RTO). A bare
 * ACK, Table 6's answer to a segment before RCV.NXT, would be dropped by the client (RFC 9293 §3.10.7.3 Fifth), so the
 * endpoint answers with its SYN+ACK again, as Linux's listener does ({@code tcp_check_req}, TcpSpec's A8). The
 * scripted client's segments reach the server in 20 ms of virtual time, well inside the 200 ms RTO, so every answer
 * here is to the client's segment, not to the retransmission timer.
 */
class LostSynAckTest {

    private static final EndpointAddress LINUX = EndpointAddress.of(Ipv4Address.of(10, 0, 0, 9), 51_000);
    private static final int LINUX_ISS = 1000;
    private static final int LINUX_TS = 0x12345678;

    private final SimulatedPair sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY),
            EndpointConfig.simulation(), true);
    private final TcpListener listener = sim.server().listen();
    private final RawPeer linux = new RawPeer(sim.network(), LINUX);

    @Test
    void test_SYN_RECEIVED_RCV_SYN_RETRANSMITTED_isAnsweredWithTheSynAckAgain() {
        Segment lost = send(syn(LINUX_TS));
        assertEquals(TcpFlags.SYN_ACK, lost.flags(), "the first SYN+ACK, lost on its way");

        Segment again = send(syn(LINUX_TS + 1000));
        assertEquals(TcpFlags.SYN_ACK, again.flags(), "the SYN again is answered with the SYN+ACK, not a bare ACK");
        assertEquals(lost.seq(), again.seq(), "SEQ=ISS");
        assertEquals(LINUX_ISS + 1, again.ack(), "ACK=RCV.NXT");
        assertEquals(lost.options().mss(), again.options().mss(), "the SYN's options again");
        assertEquals(LINUX_TS, again.options().timestamps().orElseThrow().echoReply(),
                "TSecr is TS.Recent, the first SYN's: an answered SYN is not taken in, as in Linux's request socket");

        linux.send(linux.segment(SimulatedPair.SERVER).seq(LINUX_ISS + 1).ack(again.seq() + 1).flags(TcpFlags.ACK)
                .window(1000).options(TcpOptions.builder().timestamps(LINUX_TS + 1001,
                        again.options().timestamps().orElseThrow().value()).build()).build(), SimulatedPair.SERVER);
        sim.advanceMillis(20);
        TcpConnection server = listener.accept().orElseThrow();
        assertEquals(ESTABLISHED, server.state());
    }

    /**
     * A copy of the SYN older than TS.Recent fails PAWS (RFC 7323 §5.3), as in Linux's {@code tcp_check_req}, which
     * then answers with an ACK and keeps the pending connection.
     */
    @Test
    void test_SYN_RECEIVED_RCV_SYN_RETRANSMITTED_olderThanTsRecentIsAnsweredWithAnAck() {
        send(syn(LINUX_TS));
        Segment answer = send(syn(LINUX_TS - 1));
        assertEquals(TcpFlags.ACK, answer.flags(), "an old duplicate of the SYN: " + answer);
        assertTrue(listener.accept().isEmpty());
        Segment again = send(syn(LINUX_TS + 1));
        assertEquals(TcpFlags.SYN_ACK, again.flags(), "the pending connection survives: " + again);
        assertEquals(1, sim.server().connectionCount(), "one pending connection");
    }

    private Segment syn(int tsVal) {
        return linux.segment(SimulatedPair.SERVER).seq(LINUX_ISS).flags(TcpFlags.SYN).window(64_240)
                .options(TcpOptions.builder().mss(1460).sackPermitted().timestamps(tsVal, 0).windowScale(7).build())
                .build();
    }

    /** Sends {@code segment} from the scripted Linux; returns the server's answer. */
    private Segment send(Segment segment) {
        int before = linux.received.size();
        linux.send(segment, SimulatedPair.SERVER);
        sim.advanceMillis(20);
        assertTrue(linux.received.size() > before, "an answer to " + segment);
        return linux.last();
    }
}
