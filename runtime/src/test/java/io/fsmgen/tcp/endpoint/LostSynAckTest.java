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
import java.time.Duration;
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
     * then answers with an ACK and keeps the pending connection. That ACK is an answer outside the window, on the
     * clock the SYN+ACK again is sent on: the SYN again 20 ms after it draws nothing, as from Linux (ChallengeAckRateTest
     * in the TUN module shows Linux's request socket so), and 500 ms after it the SYN+ACK. The retransmission timer's
     * SYN+ACKs fall at 210 ms and 610 ms of the server's time, outside every wait here.
     */
    @Test
    void test_SYN_RECEIVED_RCV_SYN_RETRANSMITTED_olderThanTsRecentIsAnsweredWithAnAck() {
        long start = sim.clock().nanoTime();
        send(syn(LINUX_TS)); // reaches the server at 10 ms
        Segment answer = send(syn(LINUX_TS - 1)); // at 30 ms
        assertEquals(TcpFlags.ACK, answer.flags(), "an old duplicate of the SYN: " + answer);
        assertTrue(listener.accept().isEmpty());
        int answered = linux.received.size();
        linux.send(syn(LINUX_TS + 1), SimulatedPair.SERVER); // at 50 ms
        sim.advanceMillis(20);
        assertEquals(answered, linux.received.size(), "the SYN again 20 ms after the ACK to the old duplicate");
        advanceTo(start, 520);
        Segment again = send(syn(LINUX_TS + 2)); // at 530 ms
        assertEquals(TcpFlags.SYN_ACK, again.flags(), "the pending connection survives: " + again);
        assertEquals(1, sim.server().connectionCount(), "one pending connection");
    }

    /**
     * Linux answers the SYN again once, then not again within 500 ms of that answer ({@code tcp_check_req},
     * {@code tcp_oow_rate_limited}, {@code tcp_invalid_ratelimit}): a copy 20 ms and one 480 ms after the answered
     * one draw nothing, one 500 ms after it the SYN+ACK. The link takes 10 ms each way; the retransmission timer's
     * SYN+ACKs fall at 230 ms and 630 ms of the server's time, outside every wait here.
     */
    @Test
    void test_SYN_RECEIVED_RCV_SYN_RETRANSMITTED_isAnsweredOncePerHalfSecond() {
        long start = sim.clock().nanoTime();
        send(syn(LINUX_TS)); // reaches the server at 10 ms
        assertEquals(TcpFlags.SYN_ACK, send(syn(LINUX_TS + 1)).flags(), "the first SYN again, answered at 30 ms");
        int answered = synAcks();
        linux.send(syn(LINUX_TS + 2), SimulatedPair.SERVER); // 50 ms
        sim.advanceMillis(20);
        assertEquals(answered, synAcks(), "a SYN again 20 ms after the answered one");
        advanceTo(start, 470);
        answered = synAcks(); // the timer's SYN+ACK at 230 ms
        linux.send(syn(LINUX_TS + 3), SimulatedPair.SERVER); // 480 ms after the answered one
        sim.advanceMillis(20);
        assertEquals(answered, synAcks(), "a SYN again 480 ms after the answered one");
        advanceTo(start, 520);
        Segment again = send(syn(LINUX_TS + 4)); // 500 ms after it
        assertEquals(TcpFlags.SYN_ACK, again.flags(), "a SYN again 500 ms after the answered one: " + again);
        assertEquals(answered + 1, synAcks());
    }

    /**
     * The SYN+ACK that answers the SYN again and the challenge ACK to a blind RST inside the window (RFC 5961 §3.2,
     * T93) are answers on one clock, as Linux's socket answers them on {@code last_oow_ack_time}: ten blind RSTs draw
     * one challenge ACK, the SYN again right after it nothing, and the SYN again 500 ms after the challenge ACK its
     * SYN+ACK. The retransmission timer's SYN+ACKs (at 210 ms and 610 ms) are not answers and do not count.
     */
    @Test
    void test_SYN_RECEIVED_RCV_SYN_RETRANSMITTED_sharesTheAnswerClockWithChallengeAcks() {
        long start = sim.clock().nanoTime();
        Segment lost = send(syn(LINUX_TS)); // reaches the server at 10 ms
        int before = linux.received.size();
        for (int i = 0; i < 10; i++) {
            linux.send(linux.segment(SimulatedPair.SERVER).seq(LINUX_ISS + 2).flags(TcpFlags.RST).build(),
                    SimulatedPair.SERVER); // at 30 ms
        }
        sim.advanceMillis(20);
        assertEquals(before + 1, linux.received.size(), "one challenge ACK for ten blind RSTs");
        assertEquals(TcpFlags.ACK, linux.last().flags(), "a challenge ACK: " + linux.last());
        linux.send(syn(LINUX_TS + 1), SimulatedPair.SERVER); // at 50 ms
        sim.advanceMillis(20);
        assertEquals(before + 1, linux.received.size(), "the SYN again 20 ms after the challenge ACK");
        advanceTo(start, 520);
        Segment again = send(syn(LINUX_TS + 2)); // at 530 ms, 500 ms after the challenge ACK
        assertEquals(TcpFlags.SYN_ACK, again.flags(), "the SYN again: " + again);
        assertEquals(lost.seq(), again.seq());
    }

    /**
     * The SYN+ACK sent again at the SYN again restarts the retransmission timer from then at the current RTO,
     * without backing off (Linux re-arms its request's timer after {@code inet_rtx_syn_ack}), and the timer still
     * fires if the handshake then stalls, backing off from there. RTO 200 ms, 10 ms each way: first SYN+ACK at
     * 10 ms (server time), the SYN again answered at 110 ms, the timer at 310 ms (backed off at the SYN again: 510;
     * not restarted: 210), the next at 710 ms; each reaches the client 10 ms later.
     */
    @Test
    void test_SYN_RECEIVED_RCV_SYN_RETRANSMITTED_restartsTheTimerWithoutBackoff() {
        long start = sim.clock().nanoTime();
        send(syn(LINUX_TS));
        advanceTo(start, 100);
        assertEquals(TcpFlags.SYN_ACK, send(syn(LINUX_TS + 1)).flags());
        assertEquals(2, synAcks());
        advanceTo(start, 319);
        assertEquals(2, synAcks(), "no SYN+ACK before the restarted timer's");
        advanceTo(start, 321);
        assertEquals(3, synAcks(), "the restarted timer fired 200 ms after the SYN+ACK sent again");
        advanceTo(start, 719);
        assertEquals(3, synAcks(), "the timer backs off after its own retransmission");
        advanceTo(start, 721);
        assertEquals(4, synAcks(), "and fires again at twice the RTO");
        assertTrue(listener.accept().isEmpty());
    }

    private int synAcks() {
        return (int) linux.received.stream().filter(segment -> segment.flags().equals(TcpFlags.SYN_ACK)).count();
    }

    /** Runs the simulation up to {@code millis} after {@code start}. */
    private void advanceTo(long start, long millis) {
        long now = sim.clock().nanoTime() - start;
        assertTrue(now <= millis * 1_000_000, "already " + now + " ns in");
        sim.advance(Duration.ofNanos(millis * 1_000_000 - now));
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
