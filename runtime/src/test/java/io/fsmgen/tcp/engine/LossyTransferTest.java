package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine pieces composed without the TCP machine: a one-way bulk transfer over a lossy, duplicating, reordering
 * simulated network, using the codec, sequence arithmetic, ISS, send and receive buffers, RTO estimator, R2 budget
 * and timers. No handshake or close (those belong to the machine); the receiver is told the ISS. Every seeded run
 * must deliver every byte exactly once and in order; a failing seed is reported with its trace for replay.
 */
class LossyTransferTest {

    private static final EndpointAddress SENDER = EndpointAddress.of(Golden.CLIENT_IP, 40000);
    private static final EndpointAddress RECEIVER = EndpointAddress.of(Golden.SERVER_IP, 80);
    private static final int MSS = 500;
    private static final int RUNS = 500;

    @Test
    void everyByteArrivesExactlyOnceInOrderUnderLossDuplicationAndReordering() {
        long[] totals = new long[2];
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (long seed = 0; seed < RUNS; seed++) {
                Outcome outcome = run(seed, false);
                if (!outcome.ok()) {
                    Outcome replay = run(seed, true);
                    throw new AssertionError("seed " + seed + " failed: " + outcome.problem() + "\n"
                            + replay.trace().renderDiagram("sender", "receiver"));
                }
                totals[0] += outcome.stats().dropped();
                totals[1] += outcome.stats().duplicated();
            }
        });
        assertTrue(totals[0] > RUNS && totals[1] > RUNS, "the profile should bite: " + Arrays.toString(totals));
    }

    @Test
    void aRunIsReplayableFromItsSeed() {
        Outcome first = run(42, true);
        Outcome second = run(42, true);
        assertTrue(first.ok(), first.problem());
        assertArrayEquals(first.received(), second.received());
        String log = first.trace().renderLog();
        assertEquals(log, second.trace().renderLog(), "same seed, same trace");
        assertNotEquals(log, run(43, true).trace().renderLog(), "another seed, another run");
    }

    @Test
    void theSenderGivesUpWhenThePeerIsGone() {
        VirtualClock clock = new VirtualClock();
        SimulatedNetwork network = new SimulatedNetwork(clock, 1, LinkProfile.perfect(Duration.ofMillis(10)),
                Trace.disabled());
        Sender sender = new Sender(network, clock, new byte[1000], 7);
        sender.start();
        assertFalse(clock.runUntilIdle(10_000).limitReached());
        assertTrue(sender.gaveUp, "R2 elapsed without any ACK");
        assertTrue(clock.elapsed().compareTo(RetransmissionLimits.RECOMMENDED_DATA_R2) >= 0);
    }

    private record Outcome(boolean ok, String problem, byte[] received, Trace trace, NetworkStats stats) {
    }

    private static Outcome run(long seed, boolean traced) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] data = new byte[5_000 + random.nextInt(20_000)];
        random.nextBytes(data);
        VirtualClock clock = new VirtualClock();
        Trace trace = traced ? Trace.recording(clock::nanoTime) : Trace.disabled();
        LinkProfile rough = new LinkProfile(Duration.ofMillis(10), 0.1, 0.05, 0.2, Duration.ofMillis(30));
        SimulatedNetwork network = new SimulatedNetwork(clock, seed, rough, trace);
        Sender sender = new Sender(network, clock, data, seed);
        Receiver receiver = new Receiver(network, sender.iss, 2048);
        sender.start();
        RunResult result = clock.runUntilIdle(500_000);
        receiver.drain();
        byte[] received = receiver.received.toByteArray();
        if (result.limitReached()) {
            return new Outcome(false, "did not go idle: " + result, received, trace, network.stats());
        }
        if (sender.gaveUp) {
            return new Outcome(false, "sender gave up", received, trace, network.stats());
        }
        if (!Arrays.equals(data, received)) {
            return new Outcome(false, "received " + received.length + " of " + data.length + " bytes, or altered",
                    received, trace, network.stats());
        }
        return new Outcome(true, "", received, trace, network.stats());
    }

    private static final class Sender {
        final SegmentCarrier carrier;
        final VirtualClock clock;
        final byte[] data;
        final int iss;
        final SendBuffer buffer = new SendBuffer(4096);
        // Short RTOs keep virtual runs brief; the 3 s cap stops Karn's retained backoff from outlasting R2 when
        // several retransmissions in a row are lost (without fast retransmit, only the timer recovers).
        final RtoEstimator rto = new RtoEstimator(new RtoConfig(Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofSeconds(3), Duration.ofMillis(1)));
        final RetransmissionBudget budget = new RetransmissionBudget(RetransmissionLimits.forData());
        final Timer retransmitTimer;
        int written;
        int sndUna;
        int sndNxt;
        int peerWindow = 1024;
        int timedSeq;
        long timedAt = -1;
        boolean retransmittedSinceTimed;
        boolean gaveUp;

        Sender(SimulatedNetwork network, VirtualClock clock, byte[] data, long seed) {
            this.clock = clock;
            this.data = data;
            this.carrier = network.attach("sender", SENDER, this::onDatagram);
            this.iss = IssGenerator.seeded(seed, clock::nanoTime).next(SENDER, RECEIVER);
            this.sndUna = iss;
            this.sndNxt = iss;
            this.retransmitTimer = new Timer(clock, this::onTimeout);
        }

        void start() {
            pump();
        }

        void pump() {
            written += buffer.write(data, written, data.length - written);
            while (true) {
                long usable = peerWindow - SeqNum.distance(sndUna, sndNxt);
                byte[] chunk = buffer.takeNext((int) Math.min(MSS, Math.max(0, usable))).toArray();
                if (chunk.length == 0) {
                    break;
                }
                send(sndNxt, chunk);
                if (timedAt < 0) {
                    timedSeq = sndNxt + chunk.length;
                    timedAt = clock.nanoTime();
                    retransmittedSinceTimed = false;
                }
                sndNxt += chunk.length;
                if (!retransmitTimer.isArmed()) {
                    retransmitTimer.arm(rto.rto());
                    budget.start(clock.nanoTime());
                }
            }
            if (buffer.inFlightBytes() == 0 && buffer.unsentBytes() > 0 && !retransmitTimer.isArmed()) {
                retransmitTimer.arm(rto.rto()); // zero window: the timer doubles as a persist probe
            }
        }

        void send(int seq, byte[] chunk) {
            Segment segment = Segment.builder(SENDER.port(), RECEIVER.port()).seq(seq).ack(0)
                    .flags(TcpFlags.PSH_ACK).window(65535).payload(chunk).build();
            carrier.send(RECEIVER, SegmentCodec.encode(segment, PseudoHeader.ipv4(SENDER.ip(), RECEIVER.ip())));
        }

        void onDatagram(Datagram datagram) {
            if (!(datagram.decode() instanceof DecodeResult.Decoded decoded)) {
                return;
            }
            Segment ack = decoded.segment();
            SegmentChecks.Check<SegmentChecks.Ack> check = SegmentChecks.ack(ack.ack(), sndUna, sndNxt, 65535);
            peerWindow = ack.window();
            if (check.verdict() == SegmentChecks.Ack.NEW) {
                if (timedAt >= 0 && SeqNum.ge(ack.ack(), timedSeq)) {
                    rto.addSample(Duration.ofNanos(clock.nanoTime() - timedAt), retransmittedSinceTimed);
                    timedAt = -1;
                }
                buffer.acknowledge(SeqNum.distance(sndUna, ack.ack()));
                sndUna = ack.ack();
                budget.reset();
                retransmitTimer.cancel();
                if (buffer.inFlightBytes() > 0) {
                    retransmitTimer.arm(rto.rto());
                    budget.start(clock.nanoTime());
                }
            }
            pump();
        }

        void onTimeout() {
            if (budget.onTimeout(clock.nanoTime()) == RetransmissionBudget.Verdict.GIVE_UP) {
                gaveUp = true;
                return;
            }
            rto.backOff();
            retransmittedSinceTimed = true;
            if (buffer.inFlightBytes() > 0) {
                send(sndUna, buffer.peekInFlight(MSS).toArray()); // the head of the retransmission queue
            } else {
                byte[] probe = buffer.takeNext(1).toArray(); // the window is closed: probe it with one byte
                send(sndNxt, probe);
                sndNxt += probe.length;
            }
            retransmitTimer.arm(rto.rto());
        }
    }

    private static final class Receiver {
        final SegmentCarrier carrier;
        final ReceiveBuffer buffer;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Receiver(SimulatedNetwork network, int iss, int capacity) {
            this.carrier = network.attach("receiver", RECEIVER, this::onDatagram);
            this.buffer = new ReceiveBuffer(capacity, iss);
        }

        void onDatagram(Datagram datagram) {
            if (!(datagram.decode() instanceof DecodeResult.Decoded decoded)) {
                return;
            }
            Segment segment = decoded.segment();
            buffer.accept(segment.seq(), segment.payload(), false);
            received.writeBytes(buffer.read(700)); // a slow reader, so the window really closes at times
            Segment ack = Segment.builder(RECEIVER.port(), SENDER.port()).seq(0).ack(buffer.rcvNxt())
                    .flags(TcpFlags.ACK).window(buffer.window()).build();
            carrier.send(SENDER, SegmentCodec.encode(ack, PseudoHeader.ipv4(RECEIVER.ip(), SENDER.ip())));
        }

        /** The application reads what is left once the network is idle. */
        void drain() {
            received.writeBytes(buffer.read(Integer.MAX_VALUE));
        }
    }
}
