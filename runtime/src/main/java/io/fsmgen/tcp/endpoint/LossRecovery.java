package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.SackBlock;
import io.fsmgen.tcp.engine.SackScoreboard;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;

/**
 * What the send side resends, once {@link CongestionSpec}'s table has said that a recovery is under way: the half of
 * retransmission that picks segments, apart from the half that decides windows.
 *
 * <p>Fast retransmit and NewReno's partial ACKs resend the one segment at SND.UNA at once. With SACK in force, the
 * ACKs' blocks fill a {@link SackScoreboard}, and during fast recovery {@link #sendInFastRecovery} follows RFC 6675
 * §5 (C): while cwnd − pipe leaves a segment, it sends what NextSeg() picks (a segment RACK deems lost, a lost hole,
 * new data, another hole, a rescue). A retransmission timeout presumes everything in flight lost, and
 * {@link #resendAfterTimeout} resends it from SND.UNA in slow start, as far as cwnd allows and skipping what was
 * SACKed, before any new data. SND.NXT never moves back, so the acceptability tests keep seeing the highest sequence
 * number sent.
 *
 * <p>{@link #pipe} is the matching count of what is in the network: RACK-TLP's, as Linux counts it, in SACK recovery;
 * the flight less the presumed-lost range not yet resent after a timeout; the flight otherwise.
 */
final class LossRecovery {

    private final Tcb tcb;
    private final SendQueue queue;
    private final CongestionMachine congestion;
    private final RackTlp rackTlp;
    private final StreamPositions positions;
    private final SackScoreboard scoreboard = new SackScoreboard();
    /** RFC 6675's HighRxt and RescueRxt, as stream positions. */
    private long highRxt;
    private long rescueRxt = Long.MIN_VALUE;
    /** After a timeout: the next sequence number to resend, up to {@link #lossEnd}, SND.NXT when the timer fired. */
    private int rtxNext;
    private int lossEnd;
    /** SND.UNA when the timer last fired, to tell a timeout that made no progress since the previous one. */
    private int unaAtLastTimeout;
    private boolean timedOut;

    LossRecovery(Tcb tcb, SendQueue queue, CongestionMachine congestion, RackTlp rackTlp, StreamPositions positions) {
        this.tcb = tcb;
        this.queue = queue;
        this.congestion = congestion;
        this.rackTlp = rackTlp;
        this.positions = positions;
    }

    // ---- what the ACKs say ----

    /**
     * Puts the ACK's SACK blocks on the scoreboard and RACK-TLP's records; returns whether any covered data not
     * SACKed before. Blocks below SND.UNA (D-SACK, RFC 2883) or beyond SND.NXT, or inverted, are not evidence of
     * anything and are skipped.
     */
    boolean recordSack(Segment segment, int sndNxt) {
        boolean newlySacked = false;
        for (SackBlock block : segment.options().sackBlocks()) {
            if (SeqNum.lt(block.left(), block.right()) && SeqNum.le(tcb.sndUna(), block.left())
                    && SeqNum.le(block.right(), sndNxt)) {
                long start = positions.of(block.left());
                long end = positions.of(block.right());
                newlySacked |= scoreboard.add(start, end) > 0;
                rackTlp.sacked(start, end);
            }
        }
        return newlySacked;
    }

    /** RFC 6675's IsLost(SND.UNA): DupThresh segments' worth SACKed above the first unacknowledged byte. */
    boolean headLostByCount() {
        return positions.una() < scoreboard.lossBoundary(queue.segmentText(), CongestionSpec.DUP_THRESH);
    }

    /** SND.UNA advanced to {@code ack} (positions already moved): what the peer has needs no resending. */
    void acknowledged(int ack) {
        scoreboard.advanceTo(positions.una());
        highRxt = Math.max(highRxt, positions.una());
        if (SeqNum.lt(rtxNext, ack)) {
            rtxNext = ack;
        }
    }

    // ---- the pipe ----

    /**
     * The bytes in the network as far as cwnd is concerned: SND.NXT − SND.UNA, except while resending after a timeout,
     * when the presumed-lost range not yet resent does not count, and in SACK recovery, when RACK-TLP counts.
     */
    long pipe() {
        if (inSackRecovery()) {
            return rackTlp.pipe();
        }
        if (!resending()) {
            return tcb.inFlight();
        }
        return SeqNum.distance(tcb.sndUna(), rtxNext) + SeqNum.distance(lossEnd, tcb.sndNxt());
    }

    /** Whether fast recovery goes by RFC 6675, which then decides every segment that leaves. */
    boolean inSackRecovery() {
        return congestion.sack() && congestion.state() == RecoveryState.FAST_RECOVERY;
    }

    private boolean resending() {
        return congestion.state() == RecoveryState.LOSS && SeqNum.lt(rtxNext, lossEnd);
    }

    // ---- fast recovery ----

    /**
     * Fast retransmit and NewReno's partial ACKs: the segment at SND.UNA, now. Entering SACK recovery, it also sets
     * HighRxt and RescueRxt to the end of what it resent (RFC 6675 §5 (4.3)).
     */
    void retransmitFirstUnacknowledged() {
        if (!congestion.sack()) {
            queue.resend(tcb.sndUna(), queue.segmentText());
            return;
        }
        rackTlp.recoveryStarted();
        highRxt = positions.una() + resendUpToSacked(positions.una());
        rescueRxt = highRxt;
    }

    /** RFC 6675 §5 (C): one NextSeg() per SMSS that cwnd − pipe leaves. */
    void sendInFastRecovery(boolean newData) {
        while (congestion.cwnd() - pipe() >= queue.segmentText() && sendNextSegment(newData)) {
            // each round sent one segment
        }
    }

    /**
     * RFC 6675 §4 NextSeg(), sending what it returns: (1) the first unSACKed hole past HighRxt that IsLost(), (2) new
     * data, (3) the first unSACKed hole past HighRxt below the highest SACKed byte, (4) once per recovery, a rescue
     * retransmission of the last unSACKed segment. Returns false when it has nothing to send.
     */
    private boolean sendNextSegment(boolean newData) {
        long[] lost = rackTlp.firstLost();
        if (lost != null) { // RFC 8985 §6.2: what RACK deems lost goes first, a lost retransmission included
            int length = queue.resend(positions.sequence(lost[0]),
                    (int) Math.min(queue.segmentText(), lost[1] - lost[0]));
            highRxt = Math.max(highRxt, lost[0] + length);
            return length > 0;
        }
        long una = positions.una();
        long hole = scoreboard.nextUnsacked(Math.max(highRxt, una));
        boolean belowSacked = hole < scoreboard.highestSacked();
        if (belowSacked && hole < scoreboard.lossBoundary(queue.segmentText(), CongestionSpec.DUP_THRESH)) {
            return retransmitHole(hole);
        }
        if (newData && queue.unsentBytes() > 0 && tcb.usableWindow() > 0) {
            return queue.sendNewData();
        }
        if (belowSacked) {
            return retransmitHole(hole);
        }
        long high = positions.of(tcb.sndNxt());
        long last = scoreboard.lastUnsackedBefore(high);
        if ((rescueRxt == Long.MIN_VALUE || una > rescueRxt) && last >= una) {
            long from = Math.max(una, last + 1 - queue.segmentText());
            rescueRxt = positions.of(congestion.recover());
            return queue.resend(positions.sequence(from), (int) (last + 1 - from)) > 0;
        }
        return false;
    }

    private boolean retransmitHole(long hole) {
        int length = resendUpToSacked(hole);
        highRxt = Math.max(highRxt, hole + length);
        return length > 0;
    }

    /** Resends from {@code from}, at most SMSS and never into the next SACKed block; returns the sequence space sent. */
    private int resendUpToSacked(long from) {
        long room = Math.min(queue.segmentText(), scoreboard.nextSackedStart(from) - from);
        return queue.resend(positions.sequence(from), (int) room);
    }

    // ---- after a timeout ----

    /**
     * The retransmission timer fired with data outstanding (RFC 6298 §5.4–5.6, the backoff already done): forget the
     * SACKs if a second timeout made no progress (the receiver may have reneged, RFC 2018 §8), tell congestion
     * control, and presume everything in flight lost.
     */
    void timedOut() {
        if (timedOut && unaAtLastTimeout == tcb.sndUna()) {
            scoreboard.clear();
            rackTlp.forgetSacks();
        }
        rackTlp.timedOut();
        timedOut = true;
        unaAtLastTimeout = tcb.sndUna();
        congestion.fire(AckEvent.TIMEOUT, new AckSample(tcb.sndUna(), 0, tcb.inFlight(), tcb.sndNxt()));
        lossEnd = tcb.sndNxt();
        rtxNext = tcb.sndUna();
    }

    /** Resends the presumed-lost range after a timeout, skipping what was SACKed, as far as cwnd allows. */
    void resendAfterTimeout() {
        while (resending() && pipe() < congestion.sendAllowance()) {
            long from = scoreboard.nextUnsacked(positions.of(rtxNext));
            int length = from < positions.of(lossEnd) ? resendUpToSacked(from) : 0;
            if (length == 0) {
                rtxNext = lossEnd;
                break;
            }
            rtxNext = positions.sequence(from + length);
        }
    }
}
