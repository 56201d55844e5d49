package io.fsmgen.tcp.endpoint;

import java.time.Duration;
import java.util.Optional;

/**
 * TLP, the probing half of RFC 8985 (§7): when a flight's last segments are lost, no ACK comes back to tell RACK, and
 * only the RTO (200 ms at least) would end the wait. A probe timeout of about two round trips sends one segment
 * instead, new data if there is some, else the last segment again; its ACK, with SACK, lets RACK find the losses
 * and fast recovery repair them in a round trip.
 *
 * <p>This class holds the episode: when the probe timeout falls ({@link #timeout}), whether a probe may go now
 * (none already out, and an RTT sample taken since the last one, so that a silent path is not probed again and
 * again), and what the ACKs say about it ({@link #ackArrived}, §7.4): a retransmitted probe acknowledged without a
 * D-SACK means it repaired a loss, which congestion control must answer as it answers any loss.
 */
final class TailLossProbe {

    /** RFC 8985's WCDelAckT: how long a receiver may hold the ACK of a lone segment. */
    static final Duration WORST_CASE_DELAYED_ACK = Duration.ofMillis(200);
    /** Added to 2·SRTT when more than one segment is out, as Linux adds two of its ticks: a margin over jitter. */
    static final Duration MARGIN = Duration.ofMillis(2);
    /** RFC 8985 §7.2: the PTO before any RTT sample. */
    static final Duration WITHOUT_RTT = Duration.ofSeconds(1);

    /** What the ACK of a probe says. */
    enum Outcome {
        /** No episode, or one that this ACK does not end. */
        NOTHING,
        /** The episode is over and nothing was lost that congestion control has not heard of. */
        ENDED,
        /** The probe repaired a loss (§7.4.2): congestion control must respond. */
        REPAIRED_LOSS
    }

    /** TLP.end_seq: SND.NXT when the probe went out; -1 when no episode is open. */
    private long endSeq = -1;
    private boolean retransmission;
    private long samplesAtProbe = -1;
    private long probes;

    /**
     * §7.2: 2·SRTT, plus the worst-case delayed ACK when only one segment is out (its ACK may be held) or
     * {@link #MARGIN} otherwise; a second before any sample; never past {@code rtoLeft}, the time left before the
     * retransmission timer would fire.
     */
    static Duration timeout(Optional<Duration> srtt, boolean oneSegmentOut, Duration rtoLeft) {
        Duration pto = srtt.map(s -> s.multipliedBy(2).plus(oneSegmentOut ? WORST_CASE_DELAYED_ACK : MARGIN))
                .orElse(WITHOUT_RTT);
        return pto.compareTo(rtoLeft) > 0 ? rtoLeft : pto;
    }

    /**
     * §7.3: whether a probe may go now: no probe of an open episode is unanswered, and an RTT sample has been taken
     * since the last probe (else the path may be down, and the RTO's backoff is the right answer).
     *
     * @param rttSamples how many RTT samples the connection has taken so far
     */
    boolean mayProbe(long rttSamples) {
        return endSeq < 0 && rttSamples != samplesAtProbe;
    }

    /** A probe went out; {@code sndNxt} after it ends the episode's range. */
    void probed(long sndNxt, boolean resent, long rttSamples) {
        endSeq = sndNxt;
        retransmission = resent;
        samplesAtProbe = rttSamples;
        probes++;
    }

    /**
     * §7.4: what an ACK up to {@code ack} says of an open episode. A new-data probe that is acknowledged ends it. For
     * a retransmitted one: a D-SACK for it, or a pure duplicate ACK (no new data, no SACK information), says both
     * copies arrived and nothing was lost; an ACK beyond it says the original was lost and the probe repaired it (as
     * in Linux's {@code tcp_process_tlp_ack}, an ACK of exactly the probe waits for one of the others).
     */
    Outcome ackArrived(long ack, boolean dsack, boolean pureDuplicate) {
        if (endSeq < 0 || ack < endSeq) {
            return Outcome.NOTHING;
        }
        if (!retransmission || dsack || (ack == endSeq && pureDuplicate)) {
            endSeq = -1;
            return Outcome.ENDED;
        }
        if (ack > endSeq) {
            endSeq = -1;
            return Outcome.REPAIRED_LOSS;
        }
        return Outcome.NOTHING;
    }

    /** A recovery or a timeout took over: the episode, if any, no longer speaks for itself. */
    void abandon() {
        endSeq = -1;
    }

    long probes() {
        return probes;
    }
}
