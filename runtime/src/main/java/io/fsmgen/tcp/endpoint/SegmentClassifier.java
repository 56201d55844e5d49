package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.TcpEvent.RCV_ACK;
import static io.fsmgen.tcp.TcpEvent.RCV_ACK_PARTIAL;
import static io.fsmgen.tcp.TcpEvent.RCV_ACK_UNACCEPTABLE;
import static io.fsmgen.tcp.TcpEvent.RCV_DATA_NO_READER;
import static io.fsmgen.tcp.TcpEvent.RCV_FIN;
import static io.fsmgen.tcp.TcpEvent.RCV_FIN_ACK;
import static io.fsmgen.tcp.TcpEvent.RCV_RST;
import static io.fsmgen.tcp.TcpEvent.RCV_SYN;
import static io.fsmgen.tcp.TcpEvent.RCV_SYN_ACK;
import static io.fsmgen.tcp.TcpEvent.RCV_SYN_RETRANSMITTED;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.Replies;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentChecks;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpOption;
import java.util.Optional;

/**
 * Turns an arriving segment, the TCB and the current state into a {@link Verdict}: the arithmetic half of RFC 9293
 * §3.10.7, so that the machine only ever sees events and never sequence numbers. Pure: it reads the TCB and changes
 * nothing, so it can be tested segment by segment and the endpoint applies the verdict afterwards.
 *
 * <p>The checks run in the RFC's order (§3.10.7.4): the RST check of RFC 5961 before the sequence test (an
 * out-of-window RST is dropped, not ACKed), then RFC 7323's timestamp checks (PAWS), then Table 6, then SYN, then
 * the ACK bit and RFC 5961's ACK bounds, then FIN. Four deliberate departures from a literal Table 6,
 * the first three so that the machine's rows are reachable, the fourth the RFC's own allowance:
 * <ul>
 *   <li>a retransmission of the peer's FIN (its FIN octet is RCV.NXT - 1, once the FIN is held) is delivered as a FIN
 *       rather than answered as old, so that TIME-WAIT restarts its 2·MSL timer (T83), as Linux's
 *       {@code tcp_timewait_state_process} does;
 *   <li>in SYN_RECEIVED a SYN+ACK whose SYN is the one already held (simultaneous open) is tested with its SYN
 *       trimmed, the trimming rule of §3.10.7.4, so it completes the handshake (A1, T29);
 *   <li>in SYN_RECEIVED the peer's SYN again (SEG.SEQ = IRS, no ACK) is delivered as
 *       {@link io.fsmgen.tcp.TcpEvent#RCV_SYN_RETRANSMITTED} rather than answered with a bare ACK, so that the
 *       machine answers it with the SYN+ACK again (A8), as Linux's {@code tcp_check_req} does;
 *   <li>at a zero window, text that reaches RCV.NXT still has its ACK and URG heard, its text not taken
 *       ({@link #zeroWindowAllowance}).
 * </ul>
 */
public final class SegmentClassifier {

    private SegmentClassifier() {
    }

    /** Classifies {@code segment} for a connection in {@code state} whose user still reads. */
    public static Verdict classify(Segment segment, TcpState state, Tcb tcb, boolean ourFinSent) {
        return classify(segment, state, tcb, ourFinSent, false);
    }

    /**
     * Classifies {@code segment} for a connection in {@code state}.
     *
     * @param tcb         the connection's numbers; ignored (and may be null) in CLOSED and LISTEN
     * @param ourFinSent  whether our FIN occupies SND.NXT - 1, which splits FIN from FIN+ACK
     * @param noReader    whether the user has closed for reading too (Linux's {@code close(2)}): new text is then
     *                    {@link io.fsmgen.tcp.TcpEvent#RCV_DATA_NO_READER}, for the machine to decide on (TcpSpec's A9)
     */
    public static Verdict classify(Segment segment, TcpState state, Tcb tcb, boolean ourFinSent, boolean noReader) {
        return switch (state) {
            case CLOSED -> closed(segment);
            case LISTEN -> listen(segment);
            case SYN_SENT -> synSent(segment, tcb);
            default -> synchronizedOrSynReceived(segment, state, tcb, ourFinSent, noReader);
        };
    }

    /** §3.10.7.1: everything but a RST is answered with a reset; the machine picks which rows apply. */
    private static Verdict closed(Segment segment) {
        if (segment.has(TcpFlag.RST)) {
            return deliver(RCV_RST, "RST at a closed port");
        }
        if (segment.has(TcpFlag.SYN)) {
            return deliver(segment.has(TcpFlag.ACK) ? RCV_SYN_ACK : RCV_SYN, "SYN at a closed port");
        }
        if (!segment.has(TcpFlag.ACK)) {
            return new Verdict.Reply(Replies.resetFor(segment), false,
                    "no connection, no ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN>");
        }
        return deliver(segment.has(TcpFlag.FIN) ? RCV_FIN : RCV_ACK, "ACK at a closed port");
    }

    /** §3.10.7.2: RST ignored, ACK-bearing segments reset, SYN starts a connection, the rest dropped (T18). */
    private static Verdict listen(Segment segment) {
        if (segment.has(TcpFlag.RST)) {
            return deliver(RCV_RST, "RST in LISTEN");
        }
        if (segment.has(TcpFlag.ACK)) {
            TcpEvent event = segment.has(TcpFlag.SYN) ? RCV_SYN_ACK : segment.has(TcpFlag.FIN) ? RCV_FIN : RCV_ACK;
            return deliver(event, "ACK-bearing segment in LISTEN");
        }
        if (segment.has(TcpFlag.SYN) && segment.has(TcpFlag.FIN)) {
            // §3.10.7.2 would queue the FIN for after the handshake; no real client sends SYN+FIN, and scanners do,
            // so this endpoint drops it as Linux does (tcp_rcv_state_process, "SYN+FIN"), counted with its reason.
            return new Verdict.Drop("SYN+FIN in LISTEN: dropped, as Linux does");
        }
        if (segment.has(TcpFlag.SYN)) {
            return deliver(RCV_SYN, "connection request");
        }
        return new Verdict.Drop("neither RST, ACK nor SYN in LISTEN (§3.10.7.2)");
    }

    /** §3.10.7.3: the ACK must cover our SYN, a RST counts only with such an ACK. */
    private static Verdict synSent(Segment segment, Tcb tcb) {
        boolean hasAck = segment.has(TcpFlag.ACK);
        if (hasAck && !SegmentChecks.synSentAckAcceptable(segment.ack(), tcb.iss(), tcb.sndNxt())) {
            if (segment.has(TcpFlag.RST)) {
                return new Verdict.Drop("RST whose ACK does not cover our SYN");
            }
            return deliver(RCV_ACK_UNACCEPTABLE, "ACK does not cover our SYN: ISS < SEG.ACK =< SND.NXT fails");
        }
        if (segment.has(TcpFlag.RST)) {
            return hasAck ? deliver(RCV_RST, "RST acknowledging our SYN")
                    : new Verdict.Drop("RST without ACK in SYN_SENT");
        }
        if (segment.has(TcpFlag.SYN)) {
            return hasAck ? deliver(RCV_SYN_ACK, "SYN+ACK acknowledging our SYN")
                    : deliver(RCV_SYN, "SYN crossing ours (simultaneous open)");
        }
        if (!hasAck) {
            return new Verdict.Drop("neither SYN nor ACK in SYN_SENT");
        }
        return deliver(segment.has(TcpFlag.FIN) ? RCV_FIN : RCV_ACK, "ACK without SYN in SYN_SENT");
    }

    private static Verdict synchronizedOrSynReceived(Segment segment, TcpState state, Tcb tcb, boolean ourFinSent,
            boolean noReader) {
        boolean peerFinHeld = state == TcpState.CLOSE_WAIT || state == TcpState.CLOSING
                || state == TcpState.LAST_ACK || state == TcpState.TIME_WAIT;
        int finOctet = segment.seq() + segment.payloadLength();
        boolean retransmittedFin = segment.has(TcpFlag.FIN) && peerFinHeld && finOctet + 1 == tcb.rcvNxt();

        // Second (checked first, RFC 5961 §3.2): a RST counts only at exactly RCV.NXT.
        if (segment.has(TcpFlag.RST)) {
            SegmentChecks.Check<SegmentChecks.Reset> check = SegmentChecks.reset(segment, tcb);
            return switch (check.verdict()) {
                case RESET -> deliver(RCV_RST, check.reason());
                case CHALLENGE_ACK -> new Verdict.Reply(challengeAck(segment, tcb), true, "RST " + check.reason());
                case DROP -> new Verdict.Drop("RST " + check.reason());
            };
        }

        // RFC 7323 §3.2 and §5.3 R1, ahead of Table 6: once timestamps are in force, a segment without one is dropped,
        // and one whose TSval is older than TS.Recent is an old duplicate, answered with an ACK and not accepted.
        if (tcb.timestamps()) {
            Optional<TcpOption.Timestamps> timestamps = segment.options().timestamps();
            if (timestamps.isEmpty()) {
                return new Verdict.Drop("no timestamps option, though both SYNs carried one (RFC 7323 §3.2)");
            }
            int tsVal = timestamps.get().value();
            if (tcb.tsRecentValid() && SeqNum.lt(tsVal, tcb.tsRecent())) {
                return new Verdict.Reply(Replies.ack(segment.destinationPort(), segment.sourcePort(), tcb), false,
                        "PAWS: TSval " + Integer.toUnsignedString(tsVal) + " is older than TS.Recent "
                                + Integer.toUnsignedString(tcb.tsRecent()) + " (RFC 7323 §5.3)");
            }
        }

        // A8: the peer's SYN again, which Table 6 would answer with a bare ACK that a peer in SYN-SENT drops.
        if (state == TcpState.SYN_RECEIVED && segment.has(TcpFlag.SYN) && !segment.has(TcpFlag.ACK)
                && segment.seq() == tcb.irs()) {
            return deliver(RCV_SYN_RETRANSMITTED, "the peer's SYN again (SEG.SEQ = IRS): our SYN+ACK was lost");
        }

        // First: Table 6.
        boolean repeatedSynAck = state == TcpState.SYN_RECEIVED && segment.has(TcpFlag.SYN)
                && segment.has(TcpFlag.ACK) && segment.seq() == tcb.irs();
        if (!retransmittedFin) {
            int seq = repeatedSynAck ? segment.seq() + 1 : segment.seq();
            int length = repeatedSynAck ? segment.sequenceLength() - 1 : segment.sequenceLength();
            SegmentChecks.Check<SegmentChecks.Sequence> check =
                    SegmentChecks.sequence(seq, length, tcb.rcvNxt(), tcb.rcvWnd());
            if (check.verdict() == SegmentChecks.Sequence.UNACCEPTABLE && !zeroWindowAllowance(segment, tcb)) {
                // A SYN outside the window gets the same ACK, counted as a challenge ACK so that it is rate-limited
                // (RFC 5961 §7): Linux's tcp_validate_incoming sends a SYN out of the window to its challenge ACK.
                boolean syn = segment.has(TcpFlag.SYN);
                return new Verdict.Reply(Replies.ack(segment.destinationPort(), segment.sourcePort(), tcb), syn,
                        syn ? "SYN " + check.reason() : check.reason());
            }
        }

        // Fourth: SYN. In a synchronized state the machine answers with a challenge ACK (RFC 5961 §4).
        if (segment.has(TcpFlag.SYN)) {
            if (!segment.has(TcpFlag.ACK)) {
                return deliver(RCV_SYN, "SYN in the window");
            }
            if (state == TcpState.SYN_RECEIVED && !acknowledgesOurSyn(segment, tcb)) {
                return deliver(RCV_ACK_UNACCEPTABLE, "SYN+ACK whose ACK does not cover our SYN");
            }
            return deliver(RCV_SYN_ACK, repeatedSynAck ? "SYN+ACK repeating the SYN held (A1)" : "SYN+ACK");
        }

        // Fifth: the ACK bit and what it covers.
        if (!segment.has(TcpFlag.ACK)) {
            return new Verdict.Drop("no ACK bit (§3.10.7.4 Fifth, T96)");
        }
        String ackReason;
        if (state == TcpState.SYN_RECEIVED) {
            if (!acknowledgesOurSyn(segment, tcb)) {
                return deliver(RCV_ACK_UNACCEPTABLE, "ACK in SYN_RECEIVED must be SND.UNA < SEG.ACK =< SND.NXT");
            }
            ackReason = "acknowledges our SYN";
        } else {
            SegmentChecks.Check<SegmentChecks.Ack> check = SegmentChecks.ack(segment, tcb);
            switch (check.verdict()) {
                case AHEAD:
                    return deliver(RCV_ACK_UNACCEPTABLE, check.reason());
                case TOO_OLD:
                    return new Verdict.Reply(challengeAck(segment, tcb), true, check.reason());
                default:
                    ackReason = check.reason();
            }
        }
        boolean coversAll = SeqNum.max(segment.ack(), tcb.sndUna()) == tcb.sndNxt();

        // Seventh, for a user that will not read again: text beyond RCV.NXT, in or out of order, has nobody to go to.
        if (noReader && takesText(state) && segment.payloadLength() > 0
                && SeqNum.gt(segment.seq() + segment.payloadLength(), tcb.rcvNxt())) {
            return deliver(RCV_DATA_NO_READER, "new text, and the user reads no more (A9); " + ackReason);
        }

        // Eighth: FIN, once everything before it is held.
        if (segment.has(TcpFlag.FIN)) {
            int ahead = finOctet - tcb.rcvNxt();
            boolean inOrder = !peerFinHeld && SeqNum.le(segment.seq(), tcb.rcvNxt()) && ahead >= 0
                    && ahead <= tcb.rcvWnd();
            if (inOrder || retransmittedFin) {
                TcpEvent event = ourFinSent && coversAll ? RCV_FIN_ACK : RCV_FIN;
                return new Verdict.Deliver(event, inOrder,
                        (retransmittedFin ? "retransmitted FIN; " : "FIN in order; ") + ackReason);
            }
            ackReason = "FIN ahead of missing data, held back; " + ackReason;
        }
        return deliver(coversAll ? RCV_ACK : RCV_ACK_PARTIAL, ackReason);
    }

    /**
     * §3.10.7.4: "If the RCV.WND is zero, no segments will be acceptable, but special allowance should be made to
     * accept valid ACKs, URGs, and RSTs." A segment with text that starts at or before RCV.NXT and runs past it
     * while our window is closed goes on to the ACK and URG checks, as Linux's {@code tcp_sequence} lets it: a BSD or
     * Windows zero-window probe carries one byte at RCV.NXT, and its ACK may be the only one the peer sends; a
     * retransmission of a segment the window took only part of starts before RCV.NXT, and its ACK may be new. Its
     * text beyond RCV.NXT, and a FIN behind it, lie beyond the window and are not taken, and the ACK owed for the text
     * tells the peer the window is still closed. RSTs were taken before; text that ends at RCV.NXT (an old duplicate),
     * a bare FIN or a SYN stays unacceptable.
     */
    private static boolean zeroWindowAllowance(Segment segment, Tcb tcb) {
        return tcb.rcvWnd() == 0 && segment.payloadLength() > 0 && !segment.has(TcpFlag.SYN)
                && SeqNum.le(segment.seq(), tcb.rcvNxt())
                && SeqNum.gt(segment.seq() + segment.payloadLength(), tcb.rcvNxt());
    }

    /** The states whose text §3.10.7.4 Seventh queues for the user; after the peer's FIN it is ignored. */
    private static boolean takesText(TcpState state) {
        return state == TcpState.SYN_RECEIVED || state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
                || state == TcpState.FIN_WAIT_2;
    }

    private static boolean acknowledgesOurSyn(Segment segment, Tcb tcb) {
        return SeqNum.lt(tcb.sndUna(), segment.ack()) && SeqNum.le(segment.ack(), tcb.sndNxt());
    }

    private static Segment challengeAck(Segment segment, Tcb tcb) {
        return Replies.ack(segment.destinationPort(), segment.sourcePort(), tcb);
    }

    private static Verdict deliver(TcpEvent event, String reason) {
        return new Verdict.Deliver(event, false, reason);
    }
}
