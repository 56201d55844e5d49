package io.fsmgen.tcp.endpoint;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.Unhandled;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import java.util.Objects;

/**
 * A sender's congestion control as a table: RFC 5681's slow start and congestion avoidance with RFC 6928's initial
 * window, fast retransmit on the third duplicate ACK, fast recovery by RFC 6582's NewReno or, when SACK is in force,
 * by RFC 6675's SACK-based loss recovery, and the collapse to one segment on a retransmission timeout. The fsmgen processor generates {@code CongestionMachine} from it; the
 * connection classifies each ACK ({@link AckClassifier}) and fires the event, the table decides.
 *
 * <p>Extended state, in bytes: cwnd, ssthresh, the recovery point {@code recover} (RFC 6582: the highest sequence
 * number sent when the loss was detected), and the duplicate ACKs counted in a row. SMSS is the data one segment
 * carries (the MSS less the options every segment carries), fixed once the handshake is done.
 *
 * <p>With SACK ({@link #sack()}) the sender decides what to send during recovery from its scoreboard and RFC 6675's
 * pipe, so the rows guarded by {@code sack} neither inflate nor deflate cwnd: it stays at ssthresh from the loss to
 * the recovery point (RFC 6675 §5 (4.2)), and a partial ACK resends nothing by itself.
 *
 * <p>Choices where the RFCs leave one:
 * <ul>
 *   <li>Slow start grows cwnd by the bytes acknowledged, at most SMSS per ACK (RFC 5681 (2), RFC 3465 with L = 1);
 *       congestion avoidance by SMSS each time a cwnd's worth of bytes has been acknowledged (RFC 5681 §3.1, the
 *       byte-counting variant it recommends).
 *   <li>Fast recovery follows RFC 6582 §3.2 step by step, with cwnd deflated on exit to
 *       {@code min(ssthresh, max(FlightSize, SMSS) + SMSS)} (its first option), and the retransmission timer reset
 *       only on the first partial ACK (step 5, the "Impatient" variant), so that a window with many losses falls back
 *       to the timeout and slow start rather than recovering one segment per round trip.
 *   <li>Before the third duplicate ACK, limited transmit (RFC 3042): each of the first two lets one more segment of
 *       new data out ({@link #sendAllowance}).
 *   <li>ssthresh is recomputed on a timeout only when the segment had not been resent by the timer already (RFC 5681
 *       §3.1: a repeated timeout keeps it).
 * </ul>
 */
@StateMachine(
        states = RecoveryState.class,
        events = AckEvent.class,
        initial = "OPEN",
        name = "CongestionMachine",
        unhandled = Unhandled.THROW,
        complete = true,
        payload = AckSample.class,
        transitions = {
            @Transition(from = {"OPEN", "DISORDER"}, on = {"NEW_ACK", "PARTIAL_ACK"}, action = "grow", to = "OPEN"),
            @Transition(from = "OPEN", on = "DUP_ACK", action = "countDuplicate", to = "DISORDER"),
            @Transition(from = "DISORDER", on = "DUP_ACK", action = "countDuplicate"),
            @Transition(from = {"OPEN", "DISORDER"}, on = "DUP_THRESHOLD", guard = "coversMoreThanRecover",
                    action = "enterFastRecovery", to = "FAST_RECOVERY"),
            // RFC 6582 §3.2 step 1: duplicates of what a recovery already resent; no second fast retransmit.
            @Transition(from = {"OPEN", "DISORDER"}, on = "DUP_THRESHOLD", action = "countDuplicate", to = "DISORDER"),

            @Transition(from = "FAST_RECOVERY", on = {"DUP_ACK", "DUP_THRESHOLD"}, guard = "sack"), // RFC 6675: pipe
            @Transition(from = "FAST_RECOVERY", on = {"DUP_ACK", "DUP_THRESHOLD"}, action = "inflate"),
            @Transition(from = "FAST_RECOVERY", on = "PARTIAL_ACK", guard = "sack", action = "keepRecovering"),
            @Transition(from = "FAST_RECOVERY", on = "PARTIAL_ACK", action = "partialAck"),
            @Transition(from = "FAST_RECOVERY", on = "NEW_ACK", action = "exitFastRecovery", to = "OPEN"),

            @Transition(from = "LOSS", on = "PARTIAL_ACK", action = "grow"),
            @Transition(from = "LOSS", on = "NEW_ACK", action = "grow", to = "OPEN"),
            @Transition(from = "LOSS", on = {"DUP_ACK", "DUP_THRESHOLD"}), // the resent segments speak for themselves

            @Transition(from = "*", on = "TIMEOUT", action = "collapse", to = "LOSS"),

            // RACK-TLP (RFC 8985): a loss found by time starts a recovery, without RFC 6582's guard, which only
            // tells duplicates of a recovery's own retransmissions from news; RACK knew which copy it waited for.
            @Transition(from = {"OPEN", "DISORDER"}, on = "RACK_LOSS", action = "enterFastRecovery",
                    to = "FAST_RECOVERY"),
            @Transition(from = {"FAST_RECOVERY", "LOSS"}, on = "RACK_LOSS"), // resent by the recovery under way
            // A loss the probe repaired, outside a recovery, is answered as one (§7.4.2).
            @Transition(from = {"OPEN", "DISORDER"}, on = "LOSS_PROBE_REPAIRED", action = "reduceForRepairedLoss",
                    to = "OPEN"),
            @Transition(from = {"FAST_RECOVERY", "LOSS"}, on = "LOSS_PROBE_REPAIRED"), // this window already paid
        })
public abstract class CongestionSpec {

    /** RFC 5681 §3.2: duplicate ACKs in a row that signal a loss. */
    public static final int DUP_THRESH = 3;
    /** RFC 6928: the initial window is min(10·SMSS, max(2·SMSS, 14600 bytes)). */
    static final int IW10_BYTES = 14_600;

    /** What a recovery asks of the sender. */
    public interface Retransmitter {
        /** Resend the segment at SND.UNA now, whatever cwnd says (RFC 5681 §3.2 step 3, RFC 6582 §3.2 step 5). */
        void retransmitFirstUnacknowledged();
    }

    private final Retransmitter retransmitter;
    private long smss = 1;
    private boolean sack;
    private long cwnd = 1;
    /** RFC 5681 §3.1: "arbitrarily high" at first; the largest window there can be. */
    private long ssthresh = Tcb.MAX_WINDOW;
    private int recover;
    /** Whether {@link #recover} still marks a recovery that may see duplicates of its own retransmissions. */
    private boolean recoverActive;
    private int dupAcks;
    private long avoidanceBytes;
    /** The segment at SND.UNA has been resent by the timer and no ACK has advanced since. */
    private boolean resentByTimer;
    private boolean firstPartialAck;
    private boolean restartTimer = true;
    private long fastRetransmits;

    protected CongestionSpec(Retransmitter retransmitter) {
        this.retransmitter = Objects.requireNonNull(retransmitter, "retransmitter");
    }

    /**
     * Sets SMSS, whether recovery goes by SACK, and the initial window once the handshake is done: IW10 (RFC 6928),
     * or one segment when the SYN or SYN+ACK had to be retransmitted (RFC 5681 §3.1, RFC 6298 §5.7).
     */
    public void start(int segmentBytes, boolean synRetransmitted, boolean sackInForce) {
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("SMSS must be positive: " + segmentBytes);
        }
        smss = segmentBytes;
        sack = sackInForce;
        cwnd = synRetransmitted ? smss : initialWindow();
    }

    /** RFC 6928's IW for the current SMSS. */
    public long initialWindow() {
        return Math.min(10 * smss, Math.max(2 * smss, IW10_BYTES));
    }

    /**
     * RFC 5681 §4.1: after an idle period longer than the RTO, the sender restarts from at most the initial window,
     * since the network's state it learned has gone stale.
     */
    public void restartAfterIdle() {
        cwnd = Math.min(cwnd, initialWindow());
    }

    public long cwnd() {
        return cwnd;
    }

    public long ssthresh() {
        return ssthresh;
    }

    public long smss() {
        return smss;
    }

    /** RFC 6582's recover: the highest sequence number sent when the current (or last) loss was detected. */
    public int recover() {
        return recover;
    }

    public int duplicateAcks() {
        return dupAcks;
    }

    /** How many times the third duplicate ACK triggered a fast retransmit. */
    public long fastRetransmits() {
        return fastRetransmits;
    }

    /** The recovery state; the generated machine implements it. */
    public abstract RecoveryState state();

    /**
     * How many bytes may be outstanding now: cwnd, plus one SMSS for each of the first two duplicate ACKs (limited
     * transmit, RFC 3042 §2).
     */
    public long sendAllowance() {
        return state() == RecoveryState.DISORDER ? cwnd + Math.min(dupAcks, 2) * smss : cwnd;
    }

    /** Whether the ACK just processed should restart the retransmission timer (RFC 6298 (5.3), RFC 6582 step 5). */
    public boolean restartTimer() {
        return restartTimer;
    }

    /** Whether a partial ACK stays below the recovery point: only meaningful during a recovery. */
    boolean belowRecover(int ack) {
        return SeqNum.le(ack, recover);
    }

    // ---- guards ----

    /** Whether both SYNs carried SACK-permitted, so that recovery goes by RFC 6675. */
    public boolean sack() {
        return sack;
    }

    /** RFC 6582 §3.2 step 1: the duplicates must acknowledge more than the last recovery point to start a new one. */
    protected boolean coversMoreThanRecover(AckSample sample) {
        return !recoverActive || SeqNum.gt(sample.ack() - 1, recover);
    }

    // ---- actions ----

    /** Slow start below ssthresh, congestion avoidance above (RFC 5681 §3.1). */
    protected void grow(AckSample sample) {
        dupAcks = 0;
        resentByTimer = false;
        restartTimer = true;
        if (recoverActive && SeqNum.gt(sample.ack() - 1, recover)) {
            recoverActive = false; // passed for good: the number may now wrap without meaning anything
        }
        if (cwnd < ssthresh) {
            cwnd += Math.min(sample.acked(), smss);
        } else {
            avoidanceBytes += sample.acked();
            if (avoidanceBytes >= cwnd) {
                avoidanceBytes -= cwnd;
                cwnd += smss;
            }
        }
        cwnd = Math.min(cwnd, Tcb.MAX_WINDOW);
    }

    protected void countDuplicate() {
        dupAcks++;
        restartTimer = true;
    }

    /**
     * RFC 5681 §3.2 steps 2–4 with RFC 6582's recover: halve, resend the head, and for NewReno inflate by the three
     * duplicates; RFC 6675 §5 (4): with SACK, cwnd = ssthresh and the scoreboard's pipe does the rest.
     */
    protected void enterFastRecovery(AckSample sample) {
        dupAcks++;
        fastRetransmits++;
        recover = sample.sndNxt() - 1;
        recoverActive = true;
        ssthresh = halvedFlight(sample);
        retransmitter.retransmitFirstUnacknowledged();
        cwnd = sack ? ssthresh : ssthresh + (long) DUP_THRESH * smss;
        firstPartialAck = true;
        restartTimer = true;
    }

    /** RFC 5681 §3.2 step 5: each further duplicate means a segment has left the network. */
    protected void inflate() {
        dupAcks++;
        cwnd += smss;
    }

    /** RFC 6582 §3.2 step 5: resend the next hole, deflate by what was acknowledged, add back one SMSS. */
    protected void partialAck(AckSample sample) {
        retransmitter.retransmitFirstUnacknowledged();
        cwnd = Math.max(cwnd - sample.acked(), 0);
        if (sample.acked() >= smss) {
            cwnd += smss;
        }
        cwnd = Math.max(cwnd, smss);
        restartTimer = firstPartialAck;
        firstPartialAck = false;
    }

    /** RFC 6675: a partial ACK only updates the scoreboard; the timer restarts as RFC 6298 (5.3) says. */
    protected void keepRecovering() {
        restartTimer = true;
    }

    /** RFC 6582 §3.2 step 6, first option: deflate to what is in flight plus one segment, at most ssthresh. */
    protected void exitFastRecovery(AckSample sample) {
        long flightAfter = Math.max(sample.flightSize() - sample.acked(), 0);
        cwnd = Math.min(ssthresh, Math.max(flightAfter, smss) + smss);
        dupAcks = 0;
        avoidanceBytes = 0;
        restartTimer = true;
    }

    /** RFC 5681 §3.1 on a timeout: ssthresh from the flight, cwnd to the loss window of one segment. */
    protected void collapse(AckSample sample) {
        if (!resentByTimer) {
            ssthresh = halvedFlight(sample);
        }
        resentByTimer = true;
        cwnd = smss;
        avoidanceBytes = 0;
        dupAcks = 0;
        recover = sample.sndNxt() - 1; // RFC 6582 §3.2: no fast retransmit for duplicates of what is resent now
        recoverActive = true;
        restartTimer = true;
    }

    /**
     * RFC 8985 §7.4.2: the probe repaired a loss no recovery answered, so the window shrinks as a fast recovery of
     * that one segment would have left it: ssthresh from the flight, cwnd = ssthresh.
     */
    protected void reduceForRepairedLoss(AckSample sample) {
        ssthresh = halvedFlight(sample);
        cwnd = ssthresh;
        avoidanceBytes = 0;
        dupAcks = 0;
        restartTimer = true;
    }

    /** RFC 5681 (4): ssthresh = max(FlightSize / 2, 2·SMSS). */
    private long halvedFlight(AckSample sample) {
        return Math.max(sample.flightSize() / 2, 2 * smss);
    }
}
