package io.fsmgen.tcp.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.TransitionListener;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.LinkProfile;
import io.fsmgen.tcp.engine.Segment;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RACK-TLP (RFC 8985) on a 20 ms round trip with SACK in force: the losses RFC 6675's duplicate threshold cannot see
 * are repaired without waiting for the 200 ms retransmission timeout. A lost retransmission is found by time and
 * resent; the lost last segment of a flight is probed for; a probe that repaired a loss costs the window what a fast
 * recovery would have.
 */
class RackTlpTest {

    private static SimulatedPair bench() {
        EndpointConfig config = EndpointConfig.simulation().withBuffers(1 << 20, 1 << 20)
                .withExtensions(new TcpExtensions(true, true, true));
        return new SimulatedPair(3, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), config, true);
    }

    private static List<AckEvent> events(TcpConnection sender) {
        List<AckEvent> events = new ArrayList<>();
        sender.congestion().addListener(TransitionListener.of((from, event, to) -> events.add(event)));
        return events;
    }

    /** Sends {@code data}, reading every millisecond until it is all in; returns the milliseconds it took. */
    private static int transfer(SimulatedPair sim, SimulatedPair.Opened pair, byte[] data) {
        assertEquals(data.length, pair.client().send(data));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int ms = 0;
        for (; ms < 60_000 && received.size() < data.length; ms++) {
            sim.advanceMillis(1);
            received.writeBytes(pair.server().receive(data.length));
        }
        assertArrayEquals(data, received.toByteArray());
        return ms;
    }

    /** Drops data segments the client sends that {@code chosen} picks, given the count of data segments so far. */
    private static void dropData(SimulatedPair sim, int times, ChosenSegment chosen) {
        int[] seen = {0};
        sim.network().dropMatching("chosen data segments", datagram -> {
            if (!datagram.source().equals(SimulatedPair.CLIENT)
                    || !(datagram.decode() instanceof DecodeResult.Decoded decoded)
                    || decoded.segment().payloadLength() == 0) {
                return false;
            }
            seen[0]++;
            return chosen.test(seen[0], decoded.segment());
        }, times);
    }

    private interface ChosenSegment {
        boolean test(int nth, Segment segment);
    }

    @Test
    void test_FAST_RECOVERY_RACK_LOSS_aLostRetransmissionIsResentWithoutATimeout() {
        SimulatedPair sim = bench();
        SimulatedPair.Opened pair = sim.open();
        int[] lostSeq = {0};
        dropData(sim, 2, (nth, segment) -> {
            if (nth == 40) {
                lostSeq[0] = segment.seq();
                return true;
            }
            return nth > 40 && segment.seq() == lostSeq[0]; // and the fast retransmission of it
        });
        int ms = transfer(sim, pair, EndpointScenarioTest.pattern(400_000));
        assertEquals(0, pair.client().retransmissions(), "no timeout: RACK found the retransmission lost");
        assertTrue(ms < 1_000, "took " + ms + " ms");
    }

    @Test
    void test_OPEN_probe_theLostLastSegmentOfAFlightIsProbedForNotTimedOut() {
        SimulatedPair sim = bench();
        SimulatedPair.Opened pair = sim.open();
        byte[] warmUp = EndpointScenarioTest.pattern(50_000);
        transfer(sim, pair, warmUp); // an RTT sample, and a window larger than the flight below
        int smss = pair.client().segmentSize();
        // The last two of eight: with two segments out, the probe waits two round trips and a little (with one, RFC
        // 8985 §7.2 adds the worst-case delayed ACK, and the RTO would come as soon).
        dropData(sim, 2, (nth, segment) -> nth >= 7);
        int ms = transfer(sim, pair, EndpointScenarioTest.pattern(8 * smss));
        assertEquals(0, pair.client().retransmissions(), "no timeout");
        assertEquals(1, pair.client().lossProbes());
        assertTrue(ms < 150, "a probe after about two round trips, well before the 200 ms RTO; took " + ms + " ms");
    }

    @Test
    void test_OPEN_LOSS_PROBE_REPAIRED_aRepairedTailLossHalvesTheWindow() {
        SimulatedPair sim = bench();
        SimulatedPair.Opened pair = sim.open();
        transfer(sim, pair, EndpointScenarioTest.pattern(50_000));
        List<AckEvent> events = events(pair.client());
        int smss = pair.client().segmentSize();
        int[] lastSeq = {0};
        dropData(sim, 1, (nth, segment) -> {
            lastSeq[0] = segment.seq();
            return nth == 8;
        });
        // The ACKs of the seventh segment too, so that two segments seem out and the probe comes after two round trips.
        sim.network().dropMatching("the ACK of the seventh segment", datagram -> datagram.source()
                .equals(SimulatedPair.SERVER) && datagram.decode() instanceof DecodeResult.Decoded decoded
                && lastSeq[0] != 0 && decoded.segment().ack() == lastSeq[0], 2); // and the window update after it
        transfer(sim, pair, EndpointScenarioTest.pattern(8 * smss));
        assertEquals(1, pair.client().lossProbes());
        long cwndBefore = pair.client().congestion().cwnd();
        transfer(sim, pair, EndpointScenarioTest.pattern(4 * smss));
        sim.advanceMillis(100); // the ACKs, which pass the probe's end
        assertTrue(events.contains(AckEvent.LOSS_PROBE_REPAIRED), events.toString());
        long ssthresh = pair.client().congestion().ssthresh();
        assertTrue(ssthresh < cwndBefore, "ssthresh " + ssthresh + " after a cwnd of " + cwndBefore);
        assertEquals(0, pair.client().retransmissions());
    }
}
