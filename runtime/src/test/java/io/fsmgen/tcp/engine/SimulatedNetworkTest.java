package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedNetworkTest {

    private static final EndpointAddress A = EndpointAddress.of(Golden.CLIENT_IP, 1234);
    private static final EndpointAddress B = EndpointAddress.of(Golden.SERVER_IP, 80);

    /** Collects what arrives, with the virtual time of arrival. */
    private static final class Recorder implements SegmentSink {
        final VirtualClock clock;
        final List<Segment> segments = new ArrayList<>();
        final List<Long> arrivals = new ArrayList<>();

        Recorder(VirtualClock clock) {
            this.clock = clock;
        }

        @Override
        public void receive(Datagram datagram) {
            segments.add(assertInstanceOf(DecodeResult.Decoded.class, datagram.decode()).segment());
            arrivals.add(clock.nanoTime());
        }

        List<Integer> seqs() {
            return segments.stream().map(Segment::seq).toList();
        }
    }

    private static byte[] numbered(int seq, EndpointAddress from, EndpointAddress to) {
        Segment segment = Segment.builder(from.port(), to.port()).seq(seq).flags(TcpFlags.ACK).build();
        return SegmentCodec.encode(segment, PseudoHeader.ipv4(from.ip(), to.ip()));
    }

    private record Run(List<Integer> received, NetworkStats stats, String log) {
    }

    private static Run sendHundred(long seed, LinkProfile profile) {
        VirtualClock clock = new VirtualClock();
        Trace trace = Trace.recording(clock::nanoTime);
        SimulatedNetwork network = new SimulatedNetwork(clock, seed, LinkProfile.perfect(Duration.ZERO), trace);
        Recorder atB = new Recorder(clock);
        SegmentCarrier fromA = network.attach("a", A, datagram -> { });
        network.attach("b", B, atB);
        network.setProfile(A, B, profile);
        for (int i = 0; i < 100; i++) {
            fromA.send(B, numbered(i, A, B));
            clock.advance(Duration.ofMillis(1));
        }
        assertFalse(network.runUntilIdle(10_000).limitReached());
        return new Run(atB.seqs(), network.stats(), trace.renderLog());
    }

    @Test
    void aPerfectLinkDeliversEverythingInOrderAfterTheBaseDelay() {
        VirtualClock clock = new VirtualClock();
        SimulatedNetwork network = new SimulatedNetwork(clock, 1, LinkProfile.perfect(Duration.ofMillis(25)),
                Trace.disabled());
        Recorder atB = new Recorder(clock);
        SegmentCarrier fromA = network.attach("a", A, datagram -> { });
        network.attach("b", B, atB);
        fromA.send(B, numbered(1, A, B));
        fromA.send(B, numbered(2, A, B));
        assertEquals(List.of(), atB.seqs(), "nothing arrives inside send, even with zero delay");
        network.runUntilIdle(100);
        assertEquals(List.of(1, 2), atB.seqs());
        assertEquals(List.of(25_000_000L, 25_000_000L), atB.arrivals);
        assertEquals(new NetworkStats(2, 2, 0, 0), network.stats());
        assertEquals(A, fromA.localAddress());
    }

    @Test
    void lossDropsAboutTheConfiguredShare() {
        Run run = sendHundred(11, LinkProfile.perfect(Duration.ofMillis(5)).withLoss(0.3));
        assertEquals(100, run.stats().sent());
        assertEquals(run.stats().dropped(), 100 - run.received().size());
        assertTrue(run.stats().dropped() > 10 && run.stats().dropped() < 50, run.stats().toString());
        assertEquals(run.received().stream().sorted().toList(), run.received(), "loss alone never reorders");
    }

    @Test
    void duplicationDeliversExtraCopies() {
        Run run = sendHundred(12, LinkProfile.perfect(Duration.ofMillis(5)).withDuplication(0.2));
        assertEquals(100 + run.stats().duplicated(), run.received().size());
        assertTrue(run.stats().duplicated() > 5, run.stats().toString());
        assertEquals(100, run.received().stream().distinct().count());
    }

    @Test
    void reorderingLetsLaterDatagramsOvertake() {
        Run run = sendHundred(13, LinkProfile.perfect(Duration.ofMillis(5))
                .withReordering(0.3, Duration.ofMillis(20)));
        assertEquals(100, run.received().size());
        assertNotEquals(run.received().stream().sorted().toList(), run.received());
        assertEquals(run.received().stream().sorted().toList(),
                java.util.stream.IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void theSameSeedReplaysTheSameRunAndAnotherSeedDoesNot() {
        LinkProfile rough = new LinkProfile(Duration.ofMillis(5), 0.2, 0.1, 0.3, Duration.ofMillis(20));
        Run first = sendHundred(77, rough);
        Run again = sendHundred(77, rough);
        assertEquals(first, again);
        assertNotEquals(first.log(), sendHundred(78, rough).log());
    }

    @Test
    void profilesArePerDirection() {
        VirtualClock clock = new VirtualClock();
        SimulatedNetwork network = new SimulatedNetwork(clock, 1, LinkProfile.perfect(Duration.ofMillis(10)),
                Trace.disabled());
        Recorder atA = new Recorder(clock);
        Recorder atB = new Recorder(clock);
        SegmentCarrier fromA = network.attach("a", A, atA);
        SegmentCarrier fromB = network.attach("b", B, atB);
        network.setProfile(A, B, LinkProfile.perfect(Duration.ofMillis(10)).withLoss(1.0));
        fromA.send(B, numbered(1, A, B));
        fromB.send(A, numbered(2, B, A));
        network.runUntilIdle(100);
        assertEquals(List.of(), atB.seqs());
        assertEquals(List.of(2), atA.seqs());
        assertEquals(1.0, network.profile(A, B).lossRate());
        assertEquals(0.0, network.profile(B, A).lossRate());
    }

    @Test
    void scriptedDropsHitExactlyTheMatchingDatagrams() {
        VirtualClock clock = new VirtualClock();
        Trace trace = Trace.recording(clock::nanoTime);
        SimulatedNetwork network = new SimulatedNetwork(clock, 1, LinkProfile.perfect(Duration.ofMillis(1)), trace);
        Recorder atB = new Recorder(clock);
        SegmentCarrier fromA = network.attach("a", A, datagram -> { });
        network.attach("b", B, atB);
        network.dropMatching("the test drops even numbers twice",
                datagram -> ((DecodeResult.Decoded) datagram.decode()).segment().seq() % 2 == 0, 2);
        for (int i = 1; i <= 6; i++) {
            fromA.send(B, numbered(i, A, B));
        }
        network.runUntilIdle(100);
        assertEquals(List.of(1, 3, 5, 6), atB.seqs());
        assertEquals(List.of(2, 4), trace.segments(TransmissionKind.DROPPED, "a", "b").stream()
                .map(Segment::seq).toList());
        assertTrue(trace.renderLog().contains("a > b DROPPED . 2:2(0) ack 0 win 0 (the test drops even numbers twice)"),
                trace.renderLog());
    }

    @Test
    void datagramsToNobodyAreDroppedWithAReason() {
        VirtualClock clock = new VirtualClock();
        Trace trace = Trace.recording(clock::nanoTime);
        SimulatedNetwork network = new SimulatedNetwork(clock, 1, LinkProfile.perfect(Duration.ZERO), trace);
        SegmentCarrier fromA = network.attach("a", A, datagram -> { });
        fromA.send(B, numbered(1, A, B));
        network.runUntilIdle(10);
        TraceEvent.Transmission last = (TraceEvent.Transmission) trace.events().get(trace.events().size() - 1);
        assertEquals(TransmissionKind.DROPPED, last.kind());
        assertEquals("no endpoint at 10.0.0.2:80", last.detail());
        assertEquals(1, network.stats().dropped());
    }

    @Test
    void detachingDropsWhatIsStillInFlight() {
        VirtualClock clock = new VirtualClock();
        SimulatedNetwork network = new SimulatedNetwork(clock, 1, LinkProfile.perfect(Duration.ofMillis(5)),
                Trace.disabled());
        Recorder atB = new Recorder(clock);
        SegmentCarrier fromA = network.attach("a", A, datagram -> { });
        network.attach("b", B, atB);
        fromA.send(B, numbered(1, A, B));
        network.detach(B);
        network.runUntilIdle(10);
        assertEquals(List.of(), atB.seqs());
        assertEquals(new NetworkStats(1, 0, 1, 0), network.stats());
        assertThrows(IllegalStateException.class, () -> network.attach("again", A, datagram -> { }));
    }

    @Test
    void malformedBytesTravelAndAreTracedWithTheDecodersReason() {
        VirtualClock clock = new VirtualClock();
        Trace trace = Trace.recording(clock::nanoTime);
        SimulatedNetwork network = new SimulatedNetwork(clock, 1, LinkProfile.perfect(Duration.ZERO), trace);
        List<Datagram> arrived = new ArrayList<>();
        SegmentCarrier fromA = network.attach("a", A, datagram -> { });
        network.attach("b", B, arrived::add);
        fromA.send(B, new byte[] {1, 2, 3});
        network.runUntilIdle(10);
        assertEquals(1, arrived.size());
        TraceEvent.Transmission sent = (TraceEvent.Transmission) trace.events().get(0);
        assertEquals("malformed 3 bytes (segment of 3 bytes is shorter than the 20-byte minimum TCP header)",
                sent.description());
    }

    @Test
    void connectsMoreThanTwoEndpointsAndDiagramsOnePairAtATime() {
        VirtualClock clock = new VirtualClock();
        Trace trace = Trace.recording(clock::nanoTime);
        SimulatedNetwork network = new SimulatedNetwork(clock, 1, LinkProfile.perfect(Duration.ofMillis(1)), trace);
        EndpointAddress c = EndpointAddress.of(Ipv4Address.of(10, 0, 0, 3), 80);
        Recorder atB = new Recorder(clock);
        Recorder atC = new Recorder(clock);
        SegmentCarrier fromA = network.attach("a", A, datagram -> { });
        network.attach("b", B, atB);
        network.attach("c", c, atC);
        fromA.send(B, numbered(1, A, B));
        fromA.send(c, numbered(2, A, c));
        fromA.send(B, numbered(3, A, B));
        network.runUntilIdle(100);
        assertEquals(List.of(1, 3), atB.seqs());
        assertEquals(List.of(2), atC.seqs());
        String diagram = trace.renderDiagram("a", "b");
        assertTrue(diagram.contains("ACK seq=1 ack=0") && diagram.contains("ACK seq=3 ack=0"), diagram);
        assertFalse(diagram.contains("seq=2"), diagram);
    }

    /** Two endpoints that answer each other: sending from inside receive must work and stay ordered. */
    @Test
    void endpointsMaySendFromInsideReceive() {
        VirtualClock clock = new VirtualClock();
        SimulatedNetwork network = new SimulatedNetwork(clock, 1, LinkProfile.perfect(Duration.ofMillis(10)),
                Trace.disabled());
        List<Integer> pings = new ArrayList<>();
        SegmentCarrier[] carriers = new SegmentCarrier[2];
        carriers[0] = network.attach("a", A, datagram -> {
            int seq = ((DecodeResult.Decoded) datagram.decode()).segment().seq();
            pings.add(seq);
            if (seq < 10) {
                carriers[0].send(B, numbered(seq + 1, A, B));
            }
        });
        carriers[1] = network.attach("b", B, datagram -> {
            int seq = ((DecodeResult.Decoded) datagram.decode()).segment().seq();
            pings.add(seq);
            carriers[1].send(A, numbered(seq + 1, B, A));
        });
        carriers[0].send(B, numbered(0, A, B));
        RunResult result = network.runUntilIdle(1000);
        assertEquals(java.util.stream.IntStream.rangeClosed(0, 11).boxed().toList(), pings);
        assertEquals(Duration.ofMillis(120), clock.elapsed());
        assertFalse(result.limitReached());
    }
}
