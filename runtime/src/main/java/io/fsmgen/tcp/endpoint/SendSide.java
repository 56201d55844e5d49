package io.fsmgen.tcp.endpoint;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.engine.ByteSlice;
import io.fsmgen.tcp.engine.RetransmissionLimits;
import io.fsmgen.tcp.engine.SackBlock;
import io.fsmgen.tcp.engine.SackScoreboard;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SendBuffer;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TcpOptions;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The sending half of a connection: the sequence space from ISS on (SYN, data, FIN), the send buffer that keeps
 * every unacknowledged byte, what the peer's window and the congestion window let out (RFC 9293 §3.8.6, RFC 5681),
 * and the retransmissions that loss detection asks for.
 *
 * <p>Retransmission, as {@link CongestionSpec} decides: fast retransmit and NewReno's partial ACKs resend the one
 * segment at SND.UNA at once. With SACK in force, the ACKs' blocks fill a {@link SackScoreboard}, and during fast
 * recovery {@link #pump} follows RFC 6675 §5 (C): while cwnd − pipe leaves a segment, it sends what NextSeg() picks
 * (a lost hole, new data, another hole, a rescue). A retransmission timeout presumes everything in flight lost, and
 * {@link #pump} resends it from SND.UNA in slow start, as far as cwnd allows and skipping what was SACKed, before
 * any new data. SND.NXT never moves back, so the acceptability tests keep seeing the highest sequence number sent.
 *
 * <p>With SACK, {@link RackTlp} adds RFC 8985's loss detection by time: a segment it deems lost starts a fast
 * recovery (as the duplicate threshold would), is resent before anything NextSeg() picks, and leaves the pipe, which
 * is then counted as Linux counts it; a tail loss probe replaces the timeout for the end of a flight.
 */
final class SendSide {

    private final EndpointConfig config;
    private final Tcb tcb;
    private final Transmitter out;
    private final RetransmissionTimer retransmission;
    private final SendBuffer buffer;
    private final CongestionMachine congestion;
    private final LongSupplier nanoTime;
    private final int localMss;
    /** The options of the peer's SYN once it is held, which our SYN+ACK answers; null before. */
    private TcpOptions peerSyn;
    private boolean finSent;
    private int finSeq;
    /** After a timeout: the next sequence number to resend, up to {@link #lossEnd}, SND.NXT when the timer fired. */
    private int rtxNext;
    private int lossEnd;
    private long lastDataSentNanos;
    private final SackScoreboard scoreboard = new SackScoreboard();
    /** SND.UNA's place in the byte stream, which never wraps: the scoreboard's coordinates. */
    private long unaPosition;
    /** RFC 6675's HighRxt and RescueRxt, as stream positions. */
    private long highRxt;
    private long rescueRxt = Long.MIN_VALUE;
    /** SND.UNA when the timer last fired, to tell a timeout that made no progress since the previous one. */
    private int unaAtLastTimeout;
    private boolean timedOut;
    private final RackTlp rackTlp;

    /**
     * @param localMss the MSS this side announces: the carrier's MTU less 40, under the configured limit
     */
    /**
     * @param afterTimer runs after one of RACK-TLP's timers had the send side act, so that the connection sends what
     *                   follows
     */
    SendSide(EndpointConfig config, Tcb tcb, Transmitter out, RetransmissionTimer retransmission, LongSupplier nanoTime,
            int localMss, Scheduler scheduler, Runnable afterTimer) {
        this.config = config;
        this.tcb = tcb;
        this.out = out;
        this.retransmission = retransmission;
        this.nanoTime = nanoTime;
        this.localMss = localMss;
        this.buffer = new SendBuffer(config.sendBufferBytes());
        this.congestion = new CongestionMachine(this::retransmitFirstUnacknowledged);
        this.rackTlp = new RackTlp(scheduler, nanoTime, () -> {
            reorderTimeout();
            afterTimer.run();
        }, () -> {
            probeTimeout();
            afterTimer.run();
        });
    }

    // ---- what the user and the connection see ----

    /** Queues as much of {@code data[offset, offset + length)} as fits; returns the count. */
    int write(byte[] data, int offset, int length) {
        return buffer.write(data, offset, length);
    }

    int free() {
        return buffer.free();
    }

    int unsentBytes() {
        return buffer.unsentBytes();
    }

    /** Whether every byte queued has been acknowledged. */
    boolean allAcknowledged() {
        return buffer.isEmpty();
    }

    boolean finSent() {
        return finSent;
    }

    CongestionMachine congestion() {
        return congestion;
    }

    /** The peer's SYN is held: our SYN+ACK answers its options. */
    void peerSynHeld(TcpOptions options) {
        peerSyn = options;
    }

    /** The SACK scoreboard, for inspection. */
    SackScoreboard scoreboard() {
        return scoreboard;
    }

    /** Eff.snd.MSS without options (§3.7.1): the peer's MSS, or ours if smaller. */
    int sendMss() {
        return Math.min(localMss, tcb.peerMss());
    }

    /**
     * SMSS: the data one segment may carry, Eff.snd.MSS less the options every segment carries (§3.7.1 counts them
     * in TCPhdrsize; with timestamps, 12 bytes, the 1448 of a 1500-byte link), never less than one byte.
     */
    int segmentText() {
        return Math.max(1, sendMss() - (tcb.timestamps() ? Transmitter.TIMESTAMP_OPTION_BYTES : 0));
    }

    // ---- the SYN ----

    /** Sends our SYN, or SYN+ACK once the peer's SYN is held; the first time, it takes ISS's sequence number. */
    void sendSyn(boolean withAck) {
        if (tcb.sndNxt() == tcb.iss()) {
            tcb.advanceSndNxt(1);
        }
        out.send(synSegment(withAck));
        retransmission.sent(tcb.sndNxt(), headLimits());
    }

    private Segment synSegment(boolean withAck) {
        TcpOptions options = SynOptions.offer(config, localMss, out.tsVal(), withAck ? peerSyn : null, tcb);
        return out.segment(tcb.iss(), withAck ? TcpFlags.SYN_ACK : TcpFlags.SYN).options(options).build();
    }

    private boolean synAcknowledged() {
        return tcb.sndUna() != tcb.iss();
    }

    // ---- acknowledgments (§3.10.7.4 Fifth) ----

    /**
     * An acceptable ACK arrived: SND.UNA, the send window, the RTT sample, the retransmission timer, and what it means
     * for congestion control. {@code synchronizing} takes the window unconditionally, as the segment that completes
     * the handshake does.
     */
    void ackArrived(Segment segment, boolean synchronizing) {
        int ack = segment.ack();
        boolean established = synAcknowledged();
        int sndNxt = tcb.sndNxt();
        boolean newlySacked = false;
        boolean headLost = false;
        boolean rackLost = false;
        boolean rack = established && congestion.sack();
        boolean dsack = rack && dsack(segment, ack);
        RecoveryState stateBefore = congestion.state();
        if (rack) {
            if (SeqNum.lt(tcb.sndUna(), ack) && SeqNum.le(ack, sndNxt)) {
                rackTlp.acknowledged(position(ack)); // first, so that RACK sees deliveries in order of position
            }
            newlySacked = recordSack(segment, sndNxt);
            boolean recovering = stateBefore == RecoveryState.FAST_RECOVERY || stateBefore == RecoveryState.LOSS;
            boolean exiting = recovering && !congestion.belowRecover(ack);
            rackLost = rackTlp.detectLosses(position(ack), position(sndNxt), dsack, exiting, recovering,
                    segmentText(), retransmission.srtt());
            headLost = rackLost || unaPosition < scoreboard.lossBoundary(segmentText(), CongestionSpec.DUP_THRESH);
        }
        AckEvent event = established
                ? AckClassifier.classify(segment, tcb, congestion, newlySacked, headLost) : null;
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
            long bytes = advanced - (established ? 0 : 1); // our SYN occupies no buffer
            if (finSent && SeqNum.gt(ack, finSeq)) {
                bytes--; // nor does our FIN
            }
            buffer.acknowledge(bytes);
            tcb.sndUna(ack);
            unaPosition += advanced;
            scoreboard.advanceTo(unaPosition);
            highRxt = Math.max(highRxt, unaPosition);
            if (SeqNum.lt(rtxNext, ack)) {
                rtxNext = ack; // what the peer has needs no resending
            }
        }
        if (!established && advances) {
            congestion.start(segmentText(), retransmission.synRetransmitted(), tcb.sack());
        } else if (event != null) {
            congestion.fire(event, new AckSample(ack, advanced, flightBefore, sndNxt));
        }
        if (advances) {
            retransmission.acknowledged(ack, sndNxt, !established, headLimits(), congestion.restartTimer());
        }
        if (rack) {
            // Nothing new at all, not even a window: the probe and its original both arrived (Linux's reading too).
            boolean pureDuplicate = !advances && !newlySacked && !windowUpdate && segment.payloadLength() == 0;
            if (rackTlp.probeAcknowledged(position(ack), dsack, pureDuplicate) == TailLossProbe.Outcome.REPAIRED_LOSS) {
                congestion.fire(AckEvent.LOSS_PROBE_REPAIRED, new AckSample(ack, 0, flightBefore, sndNxt));
            }
            if (rackLost) {
                enterRecoveryIfOpen();
            }
            armProbe();
        }
    }

    /** RFC 2883: a first SACK block below SEG.ACK, or inside the second, reports a segment received twice. */
    private static boolean dsack(Segment segment, int ack) {
        List<SackBlock> blocks = segment.options().sackBlocks();
        if (blocks.isEmpty()) {
            return false;
        }
        SackBlock first = blocks.get(0);
        return SeqNum.lt(first.left(), ack) || blocks.size() > 1 && SeqNum.le(blocks.get(1).left(), first.left())
                && SeqNum.le(first.right(), blocks.get(1).right());
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
     * Puts the ACK's SACK blocks on the scoreboard; returns whether any covered data not SACKed before. Blocks below
     * SND.UNA (D-SACK, RFC 2883) or beyond SND.NXT, or inverted, are not evidence of anything and are skipped.
     */
    private boolean recordSack(Segment segment, int sndNxt) {
        boolean newlySacked = false;
        for (SackBlock block : segment.options().sackBlocks()) {
            if (SeqNum.lt(block.left(), block.right()) && SeqNum.le(tcb.sndUna(), block.left())
                    && SeqNum.le(block.right(), sndNxt)) {
                long start = position(block.left());
                long end = position(block.right());
                newlySacked |= scoreboard.add(start, end) > 0;
                rackTlp.sacked(start, end);
            }
        }
        return newlySacked;
    }

    private long position(int seq) {
        return unaPosition + (seq - tcb.sndUna());
    }

    private int sequence(long position) {
        return tcb.sndUna() + (int) (position - unaPosition);
    }

    // ---- sending ----

    /**
     * Sends what may go now: after a timeout, the presumed-lost segments first; then, if {@code newData}, queued
     * data, as far as the peer's window, cwnd (plus limited transmit) and the MSS allow.
     */
    void pump(boolean newData) {
        if (!synAcknowledged()) {
            return;
        }
        if (sackRecovery()) {
            while (congestion.cwnd() - pipe() >= segmentText() && sendNextSegment(newData)) {
                // RFC 6675 §5 (C): one NextSeg() per SMSS that cwnd - pipe leaves
            }
            return;
        }
        while (resending() && pipe() < congestion.sendAllowance()) {
            long from = scoreboard.nextUnsacked(position(rtxNext));
            int length = from < position(lossEnd) ? resendUpToSacked(from) : 0;
            if (length == 0) {
                rtxNext = lossEnd;
                break;
            }
            rtxNext = sequence(from + length);
        }
        if (!newData || buffer.unsentBytes() == 0) {
            return;
        }
        if (tcb.inFlight() == 0 && nanoTime.getAsLong() - lastDataSentNanos > retransmission.rto().toNanos()) {
            congestion.restartAfterIdle();
        }
        while (buffer.unsentBytes() > 0) {
            int size = Math.min(dataRoom(), buffer.unsentBytes());
            if (congestion.sendAllowance() - pipe() < size || !sendNewData()) {
                break; // wait until cwnd holds a whole segment, rather than send a sliver
            }
        }
    }

    /** One segment of new data, as much as the options leave room for and the peer's window allows. */
    private boolean sendNewData() {
        long allowed = Math.min(Math.min(dataRoom(), buffer.unsentBytes()), tcb.usableWindow());
        if (allowed <= 0) {
            return false;
        }
        int seq = tcb.sndNxt();
        ByteSlice data = buffer.takeNext((int) allowed);
        tcb.advanceSndNxt(data.length());
        out.send(out.segment(seq, TcpFlags.PSH_ACK).text(data).build());
        lastDataSentNanos = nanoTime.getAsLong();
        retransmission.sent(tcb.sndNxt(), headLimits());
        if (congestion.sack()) {
            rackTlp.sent(position(seq), position(tcb.sndNxt()));
        }
        return true;
    }

    /** The data a segment may carry now: Eff.snd.MSS less the options it will carry, SACK blocks included. */
    private int dataRoom() {
        return Math.max(1, sendMss() - out.optionBytes());
    }

    private boolean sackRecovery() {
        return congestion.sack() && congestion.state() == RecoveryState.FAST_RECOVERY;
    }

    /**
     * RFC 6675 §4 NextSeg(), sending what it returns: (1) the first unSACKed hole past HighRxt that IsLost(), (2) new
     * data, (3) the first unSACKed hole past HighRxt below the highest SACKed byte, (4) once per recovery, a rescue
     * retransmission of the last unSACKed segment. Returns false when it has nothing to send.
     */
    private boolean sendNextSegment(boolean newData) {
        long[] lost = rackTlp.firstLost();
        if (lost != null) { // RFC 8985 §6.2: what RACK deems lost goes first, a lost retransmission included
            int length = resend(sequence(lost[0]), (int) Math.min(segmentText(), lost[1] - lost[0]));
            highRxt = Math.max(highRxt, lost[0] + length);
            return length > 0;
        }
        long hole = scoreboard.nextUnsacked(Math.max(highRxt, unaPosition));
        boolean belowSacked = hole < scoreboard.highestSacked();
        if (belowSacked && hole < scoreboard.lossBoundary(segmentText(), CongestionSpec.DUP_THRESH)) {
            return retransmitHole(hole);
        }
        if (newData && buffer.unsentBytes() > 0 && tcb.usableWindow() > 0) {
            return sendNewData();
        }
        if (belowSacked) {
            return retransmitHole(hole);
        }
        long high = position(tcb.sndNxt());
        long last = scoreboard.lastUnsackedBefore(high);
        if ((rescueRxt == Long.MIN_VALUE || unaPosition > rescueRxt) && last >= unaPosition) {
            long from = Math.max(unaPosition, last + 1 - segmentText());
            rescueRxt = position(congestion.recover());
            return resend(sequence(from), (int) (last + 1 - from)) > 0;
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
        long room = Math.min(segmentText(), scoreboard.nextSackedStart(from) - from);
        return resend(sequence(from), (int) room);
    }

    /** The FIN after the last byte: it takes SND.NXT and is retransmitted like data. */
    void sendFin() {
        if (buffer.unsentBytes() > 0) {
            throw new IllegalStateException("FIN requested with " + buffer.unsentBytes() + " bytes unsent");
        }
        finSeq = tcb.sndNxt();
        finSent = true;
        tcb.advanceSndNxt(1);
        out.send(out.segment(finSeq, TcpFlags.FIN_ACK).build());
        retransmission.sent(tcb.sndNxt(), headLimits());
        if (congestion.sack()) {
            rackTlp.sent(position(finSeq), position(tcb.sndNxt()));
        }
    }

    /**
     * The bytes in the network as far as cwnd is concerned: SND.NXT − SND.UNA, except while resending after a timeout,
     * when the presumed-lost range not yet resent does not count.
     */
    long pipe() {
        if (sackRecovery()) {
            return rackTlp.pipe();
        }
        if (!resending()) {
            return tcb.inFlight();
        }
        return SeqNum.distance(tcb.sndUna(), rtxNext) + SeqNum.distance(lossEnd, tcb.sndNxt());
    }

    private boolean resending() {
        return congestion.state() == RecoveryState.LOSS && SeqNum.lt(rtxNext, lossEnd);
    }

    /**
     * Resends up to {@code max} bytes from {@code seq} (fewer if the options leave less room), with our FIN if it
     * follows them; returns the sequence space sent, 0 when there is nothing there.
     */
    private int resend(int seq, int max) {
        long offset = SeqNum.distance(tcb.sndUna(), seq);
        int available = (int) Math.max(0, buffer.inFlightBytes() - offset);
        ByteSlice data = buffer.peekInFlight((int) offset, Math.min(Math.min(max, dataRoom()), available));
        boolean fin = finSent && seq + data.length() == finSeq;
        if (data.isEmpty() && !fin) {
            return 0;
        }
        TcpFlags flags = data.isEmpty() ? TcpFlags.FIN_ACK
                : fin ? TcpFlags.PSH_ACK.with(TcpFlag.FIN) : TcpFlags.PSH_ACK;
        out.send(out.segment(seq, flags).text(data).build());
        int length = data.length() + (fin ? 1 : 0);
        if (congestion.sack()) {
            rackTlp.resent(position(seq), position(seq) + length);
        }
        return length;
    }

    // ---- loss ----

    /**
     * Fast retransmit and NewReno's partial ACKs: the segment at SND.UNA, now. Entering SACK recovery, it also sets
     * HighRxt and RescueRxt to the end of what it resent (RFC 6675 §5 (4.3)).
     */
    private void retransmitFirstUnacknowledged() {
        if (!congestion.sack()) {
            resend(tcb.sndUna(), segmentText());
            return;
        }
        rackTlp.recoveryStarted();
        highRxt = unaPosition + resendUpToSacked(unaPosition);
        rescueRxt = highRxt;
    }

    /**
     * The machine's {@code retransmit} action after a timeout (§3.10.8, RFC 6298 §5.4–5.6): back off and re-arm, then
     * resend the SYN, or tell congestion control and resend from SND.UNA.
     */
    void timeout() {
        boolean syn = !synAcknowledged();
        retransmission.retransmitting(syn);
        if (syn) {
            out.send(synSegment(peerSyn != null));
            return;
        }
        if (timedOut && unaAtLastTimeout == tcb.sndUna()) {
            scoreboard.clear(); // no progress since the last timeout: the receiver may have reneged (RFC 2018 §8)
            rackTlp.forgetSacks();
        }
        rackTlp.timedOut();
        timedOut = true;
        unaAtLastTimeout = tcb.sndUna();
        congestion.fire(AckEvent.TIMEOUT, new AckSample(tcb.sndUna(), 0, tcb.inFlight(), tcb.sndNxt()));
        lossEnd = tcb.sndNxt();
        rtxNext = tcb.sndUna();
        pump(false);
    }

    /** RACK's reordering window passed for a segment still unacknowledged: it may be lost by now. */
    private void reorderTimeout() {
        if (rackTlp.detectLosses(unaPosition, position(tcb.sndNxt()), false, false, congestion.state()
                != RecoveryState.OPEN && congestion.state() != RecoveryState.DISORDER, segmentText(),
                retransmission.srtt())) {
            enterRecoveryIfOpen();
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
        boolean resent = !(buffer.unsentBytes() > 0 && tcb.usableWindow() > 0 && sendNewData());
        if (resent) {
            long end = position(tcb.sndNxt());
            long from = Math.max(unaPosition, end - segmentText());
            if (resend(sequence(from), (int) (end - from)) == 0) {
                return;
            }
        }
        rackTlp.probed(position(tcb.sndNxt()), resent, retransmission.rttSamples());
        armProbe();
    }

    /** §7.2: the probe timeout follows every ACK and new flight outside recovery. */
    private void armProbe() {
        RecoveryState state = congestion.state();
        boolean eligible = tcb.inFlight() > 0 && (state == RecoveryState.OPEN || state == RecoveryState.DISORDER);
        rackTlp.armProbe(eligible, retransmission.srtt(), tcb.inFlight() <= segmentText(), retransmission.rto(),
                retransmission.rttSamples());
    }

    /** The connection is gone: RACK-TLP's timers may not fire. */
    void stop() {
        rackTlp.stop();
    }

    /** How many tail loss probes went out. */
    long lossProbes() {
        return rackTlp.probes();
    }

    /** R1/R2 for what sits at SND.UNA: a SYN's, or data's. */
    RetransmissionLimits headLimits() {
        return synAcknowledged() ? config.dataLimits() : config.synLimits();
    }

    // ---- zero-window probing (§3.8.6.1) ----

    /** Data waits, nothing is in flight, and the peer's window is closed: only a probe can learn when it opens. */
    boolean windowBlocked(boolean mayStartData) {
        return mayStartData && buffer.unsentBytes() > 0 && tcb.sndUna() == tcb.sndNxt() && tcb.usableWindow() == 0;
    }

    /**
     * Probes a zero window with {@code <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>}, which the peer must find unacceptable
     * and answer with an ACK carrying its current window, as Linux's {@code tcp_probe_timer} does.
     */
    void probeWindow() {
        out.send(out.segment(tcb.sndUna() - 1, TcpFlags.ACK).build());
    }
}
