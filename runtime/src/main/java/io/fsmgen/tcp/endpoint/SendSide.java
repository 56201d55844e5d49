package io.fsmgen.tcp.endpoint;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import java.util.function.LongSupplier;

/**
 * The sending half of a connection, and the order in which its parts run: {@link SendQueue} (the buffer and the
 * segments cut from it), the generated {@code CongestionMachine} (cwnd, ssthresh and the recovery state, decided by
 * {@link CongestionSpec}'s table from the events {@link AckClassifier} reads off each ACK), {@link LossRecovery}
 * (what to resend, and the pipe) and {@link RackTlp} (RFC 8985's loss detection by time, with SACK).
 *
 * <p>An acceptable ACK ({@link #ackArrived}) is taken in a fixed order, each step needing the one before: what its
 * SACK blocks and RACK say, the congestion event classified against the TCB as it was, the send window and SND.UNA,
 * the event fired, the retransmission timer, then the tail loss probe. {@link #pump} then sends what cwnd, the pipe
 * and the peer's window allow: in SACK recovery, what NextSeg() picks; otherwise, after a timeout, the presumed-lost
 * range first, then new data. A segment RACK deems lost starts a fast recovery as the duplicate threshold would, and
 * a tail loss probe replaces the timeout for the end of a flight.
 */
final class SendSide {

    /** What an ACK's SACK blocks said, with SACK in force; {@link #NONE} otherwise. */
    private record SackNews(boolean newlySacked, boolean rackLost, boolean headLost) {
        static final SackNews NONE = new SackNews(false, false, false);
    }

    private final Tcb tcb;
    private final RetransmissionTimer retransmission;
    private final StreamPositions positions;
    private final SendQueue queue;
    private final CongestionMachine congestion;
    private final RackTlp rackTlp;
    private final LossRecovery recovery;

    /**
     * @param localMss   the MSS this side announces: the carrier's MTU less 40, under the configured limit
     * @param afterTimer runs after one of RACK-TLP's timers had the send side act, so that the connection sends what
     *                   follows
     */
    SendSide(EndpointConfig config, Tcb tcb, Transmitter out, RetransmissionTimer retransmission, LongSupplier nanoTime,
            int localMss, Scheduler scheduler, Runnable afterTimer) {
        this.tcb = tcb;
        this.retransmission = retransmission;
        this.positions = new StreamPositions(tcb);
        this.queue = new SendQueue(config, tcb, out, retransmission, nanoTime, localMss, new RackRecord());
        this.congestion = new CongestionMachine(this::retransmitFirstUnacknowledged);
        this.rackTlp = new RackTlp(scheduler, nanoTime, () -> {
            reorderTimeout();
            afterTimer.run();
        }, () -> {
            probeTimeout();
            afterTimer.run();
        });
        this.recovery = new LossRecovery(tcb, queue, congestion, rackTlp, positions);
    }

    // ---- what the connection sees ----

    /** The buffer and the segments cut from it: user writes, the machine's SYN and FIN, zero-window probes. */
    SendQueue queue() {
        return queue;
    }

    CongestionMachine congestion() {
        return congestion;
    }

    /** How many tail loss probes went out. */
    long lossProbes() {
        return rackTlp.probes();
    }

    // ---- acknowledgments (§3.10.7.4 Fifth) ----

    /**
     * An acceptable ACK arrived: SND.UNA, the send window, the RTT sample, the retransmission timer, and what it means
     * for congestion control. {@code synchronizing} takes the window unconditionally, as the segment that completes
     * the handshake does.
     */
    void ackArrived(Segment segment, boolean synchronizing) {
        int ack = segment.ack();
        boolean established = queue.synAcknowledged();
        int sndNxt = tcb.sndNxt();
        boolean rack = established && congestion.sack();
        boolean dsack = rack && AckClassifier.duplicateSack(segment);
        SackNews news = rack ? readSack(segment, sndNxt, dsack) : SackNews.NONE;
        AckEvent event = established
                ? AckClassifier.classify(segment, tcb, congestion, news.newlySacked(), news.headLost()) : null;
        long flightBefore = tcb.inFlight();
        boolean windowUpdate = tcb.windowOf(segment) != tcb.sndWnd();
        if (synchronizing) {
            tcb.forceSendWindow(segment);
        } else if (SeqNum.ge(ack, tcb.sndUna())) {
            tcb.updateSendWindow(segment);
        }
        boolean advances = SeqNum.lt(tcb.sndUna(), ack) && SeqNum.le(ack, sndNxt);
        long advanced = advances ? SeqNum.distance(tcb.sndUna(), ack) : 0;
        if (advances) {
            queue.acknowledge(ack, advanced, established);
            tcb.sndUna(ack);
            positions.advance(advanced);
            recovery.acknowledged(ack);
        }
        if (!established && advances) {
            congestion.start(queue.segmentText(), retransmission.synRetransmitted(), tcb.sack());
        } else if (event != null) {
            congestion.fire(event, new AckSample(ack, advanced, flightBefore, sndNxt));
        }
        if (advances) {
            retransmission.acknowledged(ack, sndNxt, !established, queue.headLimits(), congestion.restartTimer());
        }
        if (rack) {
            // Nothing new at all, not even a window: the probe and its original both arrived (Linux's reading too).
            boolean pureDuplicate = !advances && !news.newlySacked() && !windowUpdate && segment.payloadLength() == 0;
            if (rackTlp.probeAcknowledged(positions.of(ack), dsack, pureDuplicate)
                    == TailLossProbe.Outcome.REPAIRED_LOSS) {
                congestion.fire(AckEvent.LOSS_PROBE_REPAIRED, new AckSample(ack, 0, flightBefore, sndNxt));
            }
            if (news.rackLost()) {
                enterRecoveryIfOpen();
            }
            armProbe();
        }
    }

    /**
     * Before the ACK changes anything: RACK hears of the cumulative ACK first (so that it sees deliveries in order of
     * position), then of the SACK blocks, then marks what is late; the head is lost by time or by RFC 6675's count.
     */
    private SackNews readSack(Segment segment, int sndNxt, boolean dsack) {
        int ack = segment.ack();
        if (SeqNum.lt(tcb.sndUna(), ack) && SeqNum.le(ack, sndNxt)) {
            rackTlp.acknowledged(positions.of(ack));
        }
        boolean newlySacked = recovery.recordSack(segment, sndNxt);
        RecoveryState state = congestion.state();
        boolean recovering = state == RecoveryState.FAST_RECOVERY || state == RecoveryState.LOSS;
        boolean exiting = recovering && !congestion.belowRecover(ack);
        boolean rackLost = rackTlp.detectLosses(positions.of(ack), positions.of(sndNxt), dsack, exiting, recovering,
                queue.segmentText(), retransmission.srtt());
        return new SackNews(newlySacked, rackLost, rackLost || recovery.headLostByCount());
    }

    // ---- sending ----

    /**
     * Sends what may go now: in SACK recovery what NextSeg() picks; else, after a timeout, the presumed-lost segments
     * first; then, if {@code newData}, queued data, as far as the peer's window, cwnd (plus limited transmit) and the
     * MSS allow.
     */
    void pump(boolean newData) {
        if (!queue.synAcknowledged()) {
            return;
        }
        if (recovery.inSackRecovery()) {
            recovery.sendInFastRecovery(newData);
            return;
        }
        recovery.resendAfterTimeout();
        if (!newData || queue.unsentBytes() == 0) {
            return;
        }
        if (queue.idleLongerThan(retransmission.rto())) {
            congestion.restartAfterIdle();
        }
        while (queue.unsentBytes() > 0) {
            int size = Math.min(queue.dataRoom(), queue.unsentBytes());
            if (congestion.sendAllowance() - recovery.pipe() < size || !queue.sendNewData()) {
                break; // wait until cwnd holds a whole segment, rather than send a sliver
            }
        }
    }

    /** What {@link CongestionSpec}'s fast retransmit and NewReno's partial ACKs ask for. */
    private void retransmitFirstUnacknowledged() {
        recovery.retransmitFirstUnacknowledged();
    }

    // ---- timers ----

    /**
     * The machine's {@code retransmit} action after a timeout (§3.10.8, RFC 6298 §5.4–5.6): back off and re-arm, then
     * resend the SYN, or tell congestion control and resend from SND.UNA.
     */
    void timeout() {
        boolean syn = !queue.synAcknowledged();
        retransmission.retransmitting(syn);
        if (syn) {
            queue.resendSyn();
            return;
        }
        recovery.timedOut();
        pump(false);
    }

    /** RACK's reordering window passed for a segment still unacknowledged: it may be lost by now. */
    private void reorderTimeout() {
        RecoveryState state = congestion.state();
        if (rackTlp.detectLosses(positions.una(), positions.of(tcb.sndNxt()), false, false,
                state != RecoveryState.OPEN && state != RecoveryState.DISORDER, queue.segmentText(),
                retransmission.srtt())) {
            enterRecoveryIfOpen();
        }
    }

    /**
     * RACK deems a segment lost while no recovery is under way: start one, as the duplicate threshold would (RFC 8985
     * §6.2: the losses RACK marks go to the same recovery).
     */
    private void enterRecoveryIfOpen() {
        RecoveryState state = congestion.state();
        if (state == RecoveryState.OPEN || state == RecoveryState.DISORDER) {
            congestion.fire(AckEvent.RACK_LOSS, new AckSample(tcb.sndUna(), 0, tcb.inFlight(), tcb.sndNxt()));
        }
    }

    /**
     * RFC 8985 §7.3: the probe timeout passed with no ACK. Send one segment whatever cwnd says: new data if the peer's
     * window takes it, else the last segment sent again; its ACK, with its SACK blocks, tells RACK what was lost.
     */
    private void probeTimeout() {
        RecoveryState state = congestion.state();
        if (tcb.inFlight() == 0 || state == RecoveryState.FAST_RECOVERY || state == RecoveryState.LOSS) {
            return;
        }
        boolean resent = !(queue.unsentBytes() > 0 && tcb.usableWindow() > 0 && queue.sendNewData());
        if (resent) {
            long end = positions.of(tcb.sndNxt());
            long from = Math.max(positions.una(), end - queue.segmentText());
            if (queue.resend(positions.sequence(from), (int) (end - from)) == 0) {
                return;
            }
        }
        rackTlp.probed(positions.of(tcb.sndNxt()), resent, retransmission.rttSamples());
        armProbe();
    }

    /** §7.2: the probe timeout follows every ACK and new flight outside recovery. */
    private void armProbe() {
        RecoveryState state = congestion.state();
        boolean eligible = tcb.inFlight() > 0 && (state == RecoveryState.OPEN || state == RecoveryState.DISORDER);
        rackTlp.armProbe(eligible, retransmission.srtt(), tcb.inFlight() <= queue.segmentText(), retransmission.rto(),
                retransmission.rttSamples());
    }

    /** The connection is gone, or in TIME-WAIT: RACK-TLP's timers may not fire. */
    void stop() {
        rackTlp.stop();
    }

    /** RACK-TLP keeps a record of every data or FIN segment that leaves while SACK is in force. */
    private final class RackRecord implements SendQueue.Transmissions {
        @Override
        public void sent(int seq, int length) {
            if (congestion.sack()) {
                rackTlp.sent(positions.of(seq), positions.of(seq) + length);
            }
        }

        @Override
        public void resent(int seq, int length) {
            if (congestion.sack()) {
                rackTlp.resent(positions.of(seq), positions.of(seq) + length);
            }
        }
    }
}
