package io.fsmgen.tcp.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.TransitionListener;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.LinkProfile;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlag;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The congestion window's evolution on a 20 ms round trip, step by step against RFC 5681, RFC 6928, RFC 6582 and
 * RFC 6675: IW10 and slow start doubling per round trip, the halving on three duplicate ACKs, NewReno's partial ACK,
 * SACK recovery filling several holes in one round trip, the collapse to one segment on a timeout, one segment after
 * a lost SYN, and the restart after idle. Most run without SACK, so that NewReno is what recovers.
 */
class CongestionControlTest {

    private static final int SMSS = 524; // the simulation's 536-byte MSS less 12 bytes of timestamps
    private static final int IW = 10 * SMSS;
    private static final int BYTES = 400_000;

    /** One transition of the sender's congestion machine, with the numbers right after it. */
    record Step(RecoveryState from, AckEvent event, RecoveryState to, long cwnd, long ssthresh, long flight,
            long atNanos) {
    }

    /** A NewReno sender and a receiver with room for the whole transfer, so that only cwnd limits the sender. */
    private static SimulatedPair bench() {
        return bench(false);
    }

    private static SimulatedPair bench(boolean sack) {
        EndpointConfig config = EndpointConfig.simulation().withBuffers(1 << 20, 1 << 20)
                .withExtensions(new TcpExtensions(true, true, sack));
        return new SimulatedPair(3, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), config, true);
    }

    private static List<Step> record(SimulatedPair sim, TcpConnection sender) {
        List<Step> steps = new ArrayList<>();
        CongestionMachine congestion = sender.congestion();
        congestion.addListener(TransitionListener.of((from, event, to) -> steps.add(new Step(from, event, to,
                congestion.cwnd(), congestion.ssthresh(), sender.tcb().inFlight(), sim.clock().nanoTime()))));
        return steps;
    }

    private static Step entry(List<Step> steps) {
        return steps.stream().filter(s -> s.to() == RecoveryState.FAST_RECOVERY && s.from() != s.to()).findFirst()
                .orElseThrow(() -> new AssertionError("no fast recovery: " + steps));
    }

    private static Step exit(List<Step> steps) {
        return steps.stream().filter(s -> s.from() == RecoveryState.FAST_RECOVERY && s.to() == RecoveryState.OPEN)
                .findFirst().orElseThrow(() -> new AssertionError("no exit from fast recovery: " + steps));
    }

    /** Sends {@code BYTES} from client to server, reading every millisecond; returns cwnd at each millisecond. */
    private static List<Long> transfer(SimulatedPair sim, SimulatedPair.Opened pair) {
        byte[] data = EndpointScenarioTest.pattern(BYTES);
        assertEquals(BYTES, pair.client().send(data));
        List<Long> cwnd = new ArrayList<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (int ms = 0; ms < 60_000 && received.size() < BYTES; ms++) {
            cwnd.add(pair.client().congestion().cwnd());
            sim.advanceMillis(1);
            received.writeBytes(pair.server().receive(BYTES));
        }
        assertArrayEquals(data, received.toByteArray());
        return cwnd;
    }

    /** Drops the {@code nth} data segment the client sends (counting from 1), and each later one in {@code more}. */
    private static void dropDataSegments(SimulatedPair sim, int nth, int... more) {
        int[] seen = {0};
        Predicate<Segment> data = s -> s.payloadLength() > 0;
        sim.network().dropMatching("chosen data segments", datagram -> {
            if (!datagram.source().equals(SimulatedPair.CLIENT)
                    || !(datagram.decode() instanceof DecodeResult.Decoded decoded) || !data.test(decoded.segment())) {
                return false;
            }
            seen[0]++;
            if (seen[0] == nth) {
                return true;
            }
            for (int m : more) {
                if (seen[0] == m) {
                    return true;
                }
            }
            return false;
        }, 1 + more.length);
    }

    @Test
    void test_OPEN_NEW_ACK_slowStartFromIw10DoublesEachRoundTrip() {
        SimulatedPair sim = bench();
        SimulatedPair.Opened pair = sim.open();
        assertEquals(SMSS, pair.client().segmentSize());
        assertEquals(IW, pair.client().congestion().cwnd(), "RFC 6928: min(10·SMSS, max(2·SMSS, 14600))");
        List<Long> cwnd = transfer(sim, pair);
        for (int round = 0; round <= 5; round++) {
            assertEquals((long) IW << round, cwnd.get(20 * round + 1), "after " + round + " round trips");
        }
        assertEquals(RecoveryState.OPEN, pair.client().congestion().state());
        assertEquals(0, pair.client().retransmissions());
    }

    @Test
    void test_DISORDER_DUP_THRESHOLD_halvesTheWindowAndRecovers() {
        SimulatedPair sim = bench();
        SimulatedPair.Opened pair = sim.open();
        List<Step> steps = record(sim, pair.client());
        dropDataSegments(sim, 40);
        transfer(sim, pair);

        List<Step> entries = steps.stream().filter(s -> s.to() == RecoveryState.FAST_RECOVERY
                && s.from() != RecoveryState.FAST_RECOVERY).toList();
        assertEquals(1, entries.size(), steps.toString());
        Step entry = entries.get(0);
        assertEquals(AckEvent.DUP_THRESHOLD, entry.event());
        assertEquals(Math.max(entry.flight() / 2, 2 * SMSS), entry.ssthresh(), "RFC 5681 (4): FlightSize / 2");
        assertEquals(entry.ssthresh() + 3 * SMSS, entry.cwnd(), "inflated by the three duplicates");
        int at = steps.indexOf(entry);
        assertEquals(List.of(AckEvent.DUP_ACK, AckEvent.DUP_ACK),
                steps.subList(at - 2, at).stream().map(Step::event).toList(), "two duplicates before the third");
        Step exit = steps.stream().filter(s -> s.from() == RecoveryState.FAST_RECOVERY
                && s.to() == RecoveryState.OPEN).findFirst().orElseThrow();
        assertEquals(AckEvent.NEW_ACK, exit.event());
        assertTrue(exit.cwnd() <= exit.ssthresh(), "deflated on exit: " + exit);
        assertEquals(1, pair.client().congestion().fastRetransmits());
        assertEquals(0, pair.client().retransmissions(), "no timeout");
        Step after = steps.get(steps.size() - 1);
        assertTrue(after.cwnd() >= after.ssthresh(), "congestion avoidance from then on: " + after);
    }

    @Test
    void test_FAST_RECOVERY_PARTIAL_ACK_resendsTheNextHoleAtOnce() {
        SimulatedPair sim = bench();
        SimulatedPair.Opened pair = sim.open();
        List<Step> steps = record(sim, pair.client());
        dropDataSegments(sim, 40, 44);
        transfer(sim, pair);
        assertEquals(1, steps.stream().filter(s -> s.event() == AckEvent.PARTIAL_ACK
                && s.from() == RecoveryState.FAST_RECOVERY).count(), steps.toString());
        assertEquals(1, pair.client().congestion().fastRetransmits(), "one recovery for both losses (RFC 6582)");
        assertEquals(0, pair.client().retransmissions(), "no timeout");
        assertEquals(RecoveryState.OPEN, pair.client().congestion().state());
    }

    @Test
    void test_DISORDER_DUP_THRESHOLD_withSackRecoveryStartsAtSsthresh() {
        SimulatedPair sim = bench(true);
        SimulatedPair.Opened pair = sim.open();
        assertTrue(pair.client().congestion().sack());
        List<Step> steps = record(sim, pair.client());
        dropDataSegments(sim, 40);
        transfer(sim, pair);
        Step entry = entry(steps);
        assertEquals(Math.max(entry.flight() / 2, 2 * SMSS), entry.ssthresh());
        assertEquals(entry.ssthresh(), entry.cwnd(), "RFC 6675 §5 (4.2): cwnd = ssthresh, no inflation");
        assertEquals(1, pair.client().congestion().fastRetransmits());
        assertEquals(0, pair.client().retransmissions());
    }

    @Test
    void test_FAST_RECOVERY_NEW_ACK_sackFillsThreeHolesInOneRoundTripWhereNewRenoTakesThree() {
        long[] recoveryNanos = new long[2];
        for (int sack = 0; sack <= 1; sack++) {
            SimulatedPair sim = bench(sack == 1);
            SimulatedPair.Opened pair = sim.open();
            List<Step> steps = record(sim, pair.client());
            dropDataSegments(sim, 40, 44, 48);
            transfer(sim, pair);
            assertEquals(1, pair.client().congestion().fastRetransmits(), "one recovery for all three holes");
            assertEquals(0, pair.client().retransmissions(), "no timeout");
            recoveryNanos[sack] = exit(steps).atNanos() - entry(steps).atNanos();
        }
        long roundTrip = 2 * SimulatedPair.DEFAULT_DELAY.toNanos();
        assertTrue(recoveryNanos[0] >= 3 * roundTrip, "NewReno: one hole per round trip, " + recoveryNanos[0]);
        assertTrue(recoveryNanos[1] <= roundTrip + roundTrip / 2, "SACK: every hole at once, " + recoveryNanos[1]);
    }

    @Test
    void test_OPEN_TIMEOUT_collapsesToOneSegmentThenSlowStarts() {
        SimulatedPair sim = bench();
        SimulatedPair.Opened pair = sim.open();
        List<Step> steps = record(sim, pair.client());
        long[] blackout = {0, 0};
        sim.network().dropMatching("a blackout: everything the client sends for 30 ms", datagram ->
                datagram.source().equals(SimulatedPair.CLIENT) && sim.clock().nanoTime() >= blackout[0]
                        && sim.clock().nanoTime() < blackout[1], 10_000);
        blackout[0] = sim.clock().nanoTime() + 60_000_000L;
        blackout[1] = blackout[0] + 30_000_000L;
        transfer(sim, pair);

        Step timeout = steps.stream().filter(s -> s.event() == AckEvent.TIMEOUT).findFirst().orElseThrow();
        assertEquals(RecoveryState.LOSS, timeout.to());
        assertEquals(SMSS, timeout.cwnd(), "RFC 5681: the loss window is one segment");
        assertEquals(Math.max(timeout.flight() / 2, 2 * SMSS), timeout.ssthresh());
        List<Step> after = steps.subList(steps.indexOf(timeout) + 1, steps.size());
        Step first = after.get(0);
        assertEquals(2 * SMSS, first.cwnd(), "slow start again: one SMSS per ACK of new data");
        assertTrue(after.stream().anyMatch(s -> s.from() == RecoveryState.LOSS && s.to() == RecoveryState.OPEN));
        assertTrue(pair.client().retransmissions() >= 1);
    }

    @Test
    void test_SYN_SENT_RETRANSMISSION_TIMEOUT_aLostSynLeavesAnInitialWindowOfOneSegment() {
        SimulatedPair sim = bench();
        sim.dropNext("the SYN", SimulatedPair.CLIENT, s -> s.has(TcpFlag.SYN));
        TcpListener listener = sim.server().listen();
        TcpConnection client = sim.client().connect(SimulatedPair.SERVER);
        sim.advanceMillis(1000);
        assertTrue(listener.accept().isPresent());
        assertEquals(SMSS, client.congestion().cwnd(), "RFC 5681 §3.1: IW is one segment after a lost SYN");
    }

    @Test
    void test_OPEN_NEW_ACK_afterAnIdlePeriodTheWindowRestartsFromIw() {
        SimulatedPair sim = bench();
        SimulatedPair.Opened pair = sim.open();
        transfer(sim, pair);
        assertTrue(pair.client().congestion().cwnd() > IW);
        sim.advanceMillis(2000); // longer than the RTO
        pair.client().send(new byte[100]);
        assertEquals(IW, pair.client().congestion().cwnd(), "RFC 5681 §4.1: min(IW, cwnd)");
    }
}
