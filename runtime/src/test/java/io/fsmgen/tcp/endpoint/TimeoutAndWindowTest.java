package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.LISTEN;
import static io.fsmgen.tcp.TcpState.SYN_RECEIVED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.TcpFlags;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** R2, the peer's window, the bounded buffers, and the RFC's error texts for refused user calls. */
class TimeoutAndWindowTest {

    @Test
    void test_ESTABLISHED_RETRANSMISSION_EXHAUSTED() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        sim.network().detach(SimulatedPair.SERVER); // the peer vanishes without a word
        pair.client().send(new byte[100]);
        sim.runOut();
        assertEquals(List.of(CLOSED, io.fsmgen.tcp.TcpState.SYN_SENT, ESTABLISHED, CLOSED), pair.client().states());
        assertTrue(pair.client().signals().contains(TcpSignal.TIMED_OUT), pair.client().signals().toString());
        assertTrue(sim.clock().elapsed().toSeconds() >= 100, "R2 for data is 100 s: " + sim.clock().elapsed());
        assertTrue(pair.client().retransmissions() > 10, "backed off up to the 3 s ceiling");
    }

    @Test
    void test_SYN_RECEIVED_RETRANSMISSION_EXHAUSTED_passive() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpListener listener = sim.server().listen();
        sim.client().connect(SimulatedPair.SERVER);
        sim.advanceMillis(5);
        sim.network().detach(SimulatedPair.CLIENT); // the SYN is on its way; nothing will ever answer the SYN+ACK
        sim.runOut();
        TcpConnection child = listener.spawned().get(0);
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, LISTEN, CLOSED), child.states());
        assertEquals(LISTEN, listener.state());
        assertTrue(sim.clock().elapsed().toSeconds() >= 180, "R2 for a SYN is 3 minutes (MUST-23)");
    }

    @Test
    void zeroWindowIsHonouredAndProbed() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        byte[] data = EndpointScenarioTest.pattern(6000); // more than the 4096-byte receive buffer
        int queued = pair.client().send(data);
        assertEquals(6000, queued);
        sim.advanceMillis(500);
        assertEquals(4096, pair.server().readableBytes(), "the receiver's buffer is full");
        assertEquals(0, pair.client().tcb().sndWnd(), "the peer's window is closed");
        long inFlight = pair.client().tcb().inFlight();
        assertEquals(0, inFlight, "nothing beyond the window was sent");
        // The window update the read triggers is lost; only the persist timer's probe can reopen the window.
        sim.dropNext("the window update", SimulatedPair.SERVER, s -> s.flags().equals(TcpFlags.ACK));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        received.writeBytes(pair.server().receive(10_000));
        sim.advanceMillis(10_000);
        received.writeBytes(pair.server().receive(10_000));
        assertArrayEquals(data, received.toByteArray());
        assertTrue(sim.sent("client").stream().filter("ACK"::equals).count() >= 2, "probes went out");
    }

    @Test
    void sendBufferIsBounded() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        int capacity = EndpointConfig.simulation().sendBufferBytes();
        assertEquals(capacity, pair.client().send(new byte[capacity + 1000]));
        assertEquals(0, pair.client().send(new byte[10]), "a full buffer takes nothing");
    }

    @Test
    void test_SYN_SENT_SEND_queuedUntilEstablished() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpListener listener = sim.server().listen();
        TcpConnection c = sim.client().connect(SimulatedPair.SERVER);
        assertEquals(5, c.send(new byte[] {1, 2, 3, 4, 5})); // SYN_SENT: queued (T25)
        sim.advanceMillis(100);
        TcpConnection s = listener.accept().orElseThrow();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, s.receive(100));
    }

    @Test
    void test_ESTABLISHED_CLOSE_deferredBehindQueuedData() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        byte[] data = EndpointScenarioTest.pattern(7000); // the peer's 4096-byte window holds part of it back
        assertEquals(7000, pair.client().send(data));
        pair.client().close();
        sim.advanceMillis(500);
        assertEquals(ESTABLISHED, pair.client().state(), "CLOSE waits until every byte is segmentized (T45)");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (!pair.server().isEndOfStream()) {
            received.writeBytes(pair.server().receive(10_000));
            sim.advanceMillis(100);
        }
        assertArrayEquals(data, received.toByteArray());
        assertEquals(TcpState.FIN_WAIT_2, pair.client().state());
    }

    @Test
    void refusedCallsCarryTheRfcText() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        assertEquals("connection already exists",
                assertThrows(TcpException.class, () -> sim.server().listen()).text());
        assertEquals("connection already exists",
                assertThrows(TcpException.class, () -> sim.client().connect(SimulatedPair.SERVER)).text());
        pair.client().close();
        assertEquals("connection closing", assertThrows(TcpException.class,
                () -> pair.client().send(new byte[1])).text());
        assertEquals("connection closing", assertThrows(TcpException.class, () -> pair.client().close()).text());
        sim.advanceMillis(100);
        pair.server().close();
        sim.runOut();
        assertEquals("connection does not exist", assertThrows(TcpException.class,
                () -> pair.client().send(new byte[1])).text());
        assertEquals("connection does not exist", assertThrows(TcpException.class,
                () -> pair.client().receive(1)).text());
    }

    @Test
    void duplicatedAndReorderedSegmentsAreDeliveredOnceInOrder() {
        SimulatedPair sim = new SimulatedPair(7, io.fsmgen.tcp.engine.LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY).withDuplication(0.5)
                .withReordering(0.5, java.time.Duration.ofMillis(40)), EndpointConfig.simulation(), true);
        SimulatedPair.Opened pair = sim.open();
        EndpointScenarioTest.exchange(sim, pair.client(), pair.server(), 20_000);
        assertTrue(sim.network().stats().duplicated() > 0);
    }

    /**
     * Fifty blind RSTs in the window at once draw one challenge ACK, and one 500 ms after that answer another, as
     * from Linux ({@code tcp_send_challenge_ack} on the socket's {@code last_oow_ack_time}; ChallengeAckRateTest
     * compares the burst with Linux's over TUN): a blind attacker gets at most two ACKs a second per connection.
     */
    @Test
    void test_ESTABLISHED_RCV_RST_blindResetsEarnOneChallengeAckPerHalfSecond() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        int rcvNxt = pair.client().tcb().rcvNxt();
        int acksBefore = sim.sent("client").size();
        blindResets(sim, rcvNxt);
        sim.advanceMillis(100);
        assertEquals(ESTABLISHED, pair.client().state(), "no blind RST resets the connection");
        assertEquals(1, sim.sent("client").size() - acksBefore, "challenge ACKs are rate-limited (RFC 5961 §7)");
        sim.advanceMillis(380); // 480 ms after the first burst
        blindResets(sim, rcvNxt);
        sim.advanceMillis(20);
        assertEquals(1, sim.sent("client").size() - acksBefore, "none within 500 ms of the answer");
        blindResets(sim, rcvNxt); // 500 ms after the first burst reached the client
        sim.advanceMillis(20);
        assertEquals(2, sim.sent("client").size() - acksBefore, "one again 500 ms after the answer");
    }

    private static void blindResets(SimulatedPair sim, int rcvNxt) {
        for (int i = 1; i <= 50; i++) {
            // A blind attacker's guesses: in the window, but not exactly at RCV.NXT (RFC 5961 §3.2).
            sim.server().transmitRaw(io.fsmgen.tcp.engine.Segment.builder(SimulatedPair.SERVER.port(), SimulatedPair.CLIENT.port())
                    .seq(rcvNxt + i * 10).flags(TcpFlags.RST).build(), SimulatedPair.CLIENT);
        }
    }

    @Test
    void test_FIN_WAIT_2_USER_TIMEOUT_silentPeer() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        sim.advanceMillis(100);
        assertEquals(TcpState.FIN_WAIT_2, pair.client().state());
        sim.network().detach(SimulatedPair.SERVER); // the peer's FIN will never come
        sim.advanceMillis(59_000);
        assertEquals(TcpState.FIN_WAIT_2, pair.client().state(), "the RFC has no FIN_WAIT_2 timeout (A7)...");
        sim.advanceMillis(2_000);
        assertEquals(CLOSED, pair.client().state(), "...Linux's tcp_fin_timeout fires USER_TIMEOUT after 60 s");
    }
}
