package io.fsmgen.tcp.endpoint;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.engine.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * RACK-TLP (RFC 8985) for a send side with SACK in force: the record of what was sent and when
 * ({@link SentSegments}), the time-based loss detection over it ({@link RackLossDetection}), the tail loss probe
 * ({@link TailLossProbe}), and their two timers. It decides nothing about congestion and sends nothing: the send side
 * tells it what went out and what the ACKs said, asks it which segment is lost, and is called back when the
 * reordering window or the probe timeout has passed.
 *
 * <p>It is what lets the endpoint repair, within a round trip or two, the losses that RFC 6675's duplicate threshold
 * cannot see: a lost retransmission, a loss with fewer than three segments behind it, the last segments of a flight.
 * Without it each of them waits for the retransmission timeout, 200 ms at least, however short the round trip.
 *
 * <p>Positions are the send side's 64-bit offsets in the sequence space. Single-threaded.
 */
final class RackTlp {

    private final SentSegments sent = new SentSegments();
    private final RackLossDetection rack = new RackLossDetection();
    private final TailLossProbe probe = new TailLossProbe();
    private final LongSupplier nanoTime;
    private final Timer reorderTimer;
    private final Timer probeTimer;

    /**
     * @param onReorderTimeout runs when a segment's reordering window has passed (RFC 8985 §6.2 step 5)
     * @param onProbeTimeout   runs when the probe timeout has passed with nothing heard (§7.3)
     */
    RackTlp(Scheduler scheduler, LongSupplier nanoTime, Runnable onReorderTimeout, Runnable onProbeTimeout) {
        this.nanoTime = nanoTime;
        this.reorderTimer = new Timer(scheduler, onReorderTimeout);
        this.probeTimer = new Timer(scheduler, onProbeTimeout);
    }

    /** New sequence space {@code [start, end)} went out for the first time. */
    void sent(long start, long end) {
        sent.sent(start, end, nanoTime.getAsLong());
    }

    /** {@code [start, end)} went out again. */
    void resent(long start, long end) {
        sent.resent(start, end, nanoTime.getAsLong());
    }

    /** The receiver SACKed {@code [start, end)}. */
    void sacked(long start, long end) {
        long now = nanoTime.getAsLong();
        sent.sack(start, end, (xmit, segmentEnd, resent) -> rack.delivered(xmit, segmentEnd, resent, false, now));
    }

    /** Everything below {@code una} is acknowledged. */
    void acknowledged(long una) {
        long now = nanoTime.getAsLong();
        sent.acknowledge(una, (xmit, segmentEnd, resent) -> rack.delivered(xmit, segmentEnd, resent, false, now));
    }

    /** The receiver may have reneged (RFC 2018 §8): its SACKs no longer count. */
    void forgetSacks() {
        sent.clearSacks();
    }

    /**
     * After an ACK has been recorded, or when the reordering timer fired: RFC 8985 §6.2 steps 4 and 5. Marks lost
     * what is late, and arms the reordering timer for what may still become so.
     *
     * @return whether some segment is deemed lost and not resent since
     */
    boolean detectLosses(long una, long sndNxt, boolean dsack, boolean exitingRecovery, boolean recovering,
            long smss, Optional<Duration> srtt) {
        rack.updateWindow(una, sndNxt, dsack, exitingRecovery, recovering, (int) (sent.sackedBytes() / smss),
                srtt.map(Duration::toNanos).orElse(0L));
        long wait = rack.detectLosses(sent, nanoTime.getAsLong());
        if (wait > 0) {
            reorderTimer.arm(Duration.ofNanos(wait));
        } else {
            reorderTimer.cancel();
        }
        return sent.firstLostToResend() >= 0;
    }

    /** The oldest segment deemed lost and not resent since, as {start, end}; null when there is none. */
    long[] firstLost() {
        int i = sent.firstLostToResend();
        return i < 0 ? null : new long[] {sent.start(i), sent.end(i)};
    }

    /** The bytes believed in the network, as Linux counts them: see {@link SentSegments#pipe()}. */
    long pipe() {
        return sent.pipe();
    }

    /**
     * The retransmission timer fired (§6.3): what is old enough is lost, the probe episode is over, and neither of
     * the other timers has anything left to say until new ACKs arrive.
     */
    void timedOut() {
        rack.markLossesOnTimeout(sent, nanoTime.getAsLong());
        probe.abandon();
        reorderTimer.cancel();
        probeTimer.cancel();
    }

    // ---- the tail loss probe (§7) ----

    /**
     * §7.2: arms the probe timeout if a probe may go: data in flight outside any recovery, and no probe unanswered.
     * Otherwise disarms it.
     */
    void armProbe(boolean eligible, Optional<Duration> srtt, boolean oneSegmentOut, Duration rto, long rttSamples) {
        if (eligible && !sent.isEmpty() && probe.mayProbe(rttSamples)) {
            probeTimer.arm(TailLossProbe.timeout(srtt, oneSegmentOut, rto));
        } else {
            probeTimer.cancel();
        }
    }

    /** A probe went out, new data or the last segment again; {@code sndNxt} is the end of what has been sent. */
    void probed(long sndNxt, boolean resent, long rttSamples) {
        probe.probed(sndNxt, resent, rttSamples);
    }

    /** §7.4: what an ACK up to {@code ack} says of the probe, if one is out. */
    TailLossProbe.Outcome probeAcknowledged(long ack, boolean dsack, boolean pureDuplicate) {
        return probe.ackArrived(ack, dsack, pureDuplicate);
    }

    /** A recovery took over: the probe episode, if any, is over. */
    void recoveryStarted() {
        probe.abandon();
        probeTimer.cancel();
    }

    long probes() {
        return probe.probes();
    }

    /** The connection is gone: neither timer may fire. */
    void stop() {
        reorderTimer.cancel();
        probeTimer.cancel();
    }
}
