package io.fsmgen.tcp.engine;

/**
 * The arithmetic tests a classifier applies to an arriving segment before the machine sees it: sequence
 * acceptability (RFC 9293 §3.10.7.4, Table 6), ACK acceptability, and the RFC 5961 RST and ACK checks. They depend
 * only on numbers, never on state, so the classifier picks which to apply and the machine never does arithmetic.
 *
 * <p>Each returns a {@link Check} carrying a reason, so an unacceptable segment can be traced with why it was
 * refused.
 */
public final class SegmentChecks {

    private SegmentChecks() {
    }

    /** The outcome of a check: a verdict and the reason for it. */
    public record Check<V extends Enum<V>>(V verdict, String reason) {
    }

    /** Table 6 result. */
    public enum Sequence {
        ACCEPTABLE,
        /** Answer with {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>} and drop, unless the segment is a RST. */
        UNACCEPTABLE
    }

    /** What to do with SEG.ACK in a synchronized state (§3.10.7.4 fifth check, RFC 5961 §5.2). */
    public enum Ack {
        /** {@code SND.UNA < SEG.ACK =< SND.NXT}: acknowledges something new. */
        NEW,
        /** SEG.ACK = SND.UNA, or older but within MAX.SND.WND: a duplicate, processed but acknowledging nothing. */
        DUPLICATE,
        /** SEG.ACK > SND.NXT: acknowledges something not yet sent; send an ACK and drop. */
        AHEAD,
        /** {@code SEG.ACK < SND.UNA - MAX.SND.WND}: too old to be genuine; send a challenge ACK and drop (RFC 5961). */
        TOO_OLD
    }

    /** What to do with a RST in a synchronized state (RFC 5961 §3.2). */
    public enum Reset {
        /** SEG.SEQ = RCV.NXT: reset the connection. */
        RESET,
        /** In the window but not at RCV.NXT: send a challenge ACK and drop. */
        CHALLENGE_ACK,
        /** Outside the window: drop silently. */
        DROP
    }

    /**
     * Table 6: whether the segment overlaps the receive window. With a zero window only an empty segment at exactly
     * RCV.NXT is acceptable; otherwise the first or the last octet must be in the window.
     */
    public static Check<Sequence> sequence(int segSeq, int segLen, int rcvNxt, int rcvWnd) {
        String where = "SEG.SEQ=" + SeqNum.unsigned(segSeq) + " SEG.LEN=" + segLen + " RCV.NXT="
                + SeqNum.unsigned(rcvNxt) + " RCV.WND=" + rcvWnd;
        boolean acceptable;
        if (segLen == 0) {
            acceptable = rcvWnd == 0 ? segSeq == rcvNxt : SeqNum.inWindow(rcvNxt, rcvWnd, segSeq);
        } else if (rcvWnd == 0) {
            return new Check<>(Sequence.UNACCEPTABLE, "a zero window accepts no data or SYN/FIN: " + where);
        } else {
            acceptable = SeqNum.inWindow(rcvNxt, rcvWnd, segSeq)
                    || SeqNum.inWindow(rcvNxt, rcvWnd, segSeq + segLen - 1);
        }
        return acceptable ? new Check<>(Sequence.ACCEPTABLE, "in window: " + where)
                : new Check<>(Sequence.UNACCEPTABLE, "outside the receive window: " + where);
    }

    /** Table 6 applied to a whole segment against a TCB. */
    public static Check<Sequence> sequence(Segment segment, Tcb tcb) {
        return sequence(segment.seq(), segment.sequenceLength(), tcb.rcvNxt(), tcb.rcvWnd());
    }

    /** The ACK check of a synchronized state, with RFC 5961's lower bound SND.UNA - MAX.SND.WND. */
    public static Check<Ack> ack(int segAck, int sndUna, int sndNxt, int maxSndWnd) {
        String where = "SEG.ACK=" + SeqNum.unsigned(segAck) + " SND.UNA=" + SeqNum.unsigned(sndUna) + " SND.NXT="
                + SeqNum.unsigned(sndNxt);
        if (SeqNum.lt(sndUna, segAck) && SeqNum.le(segAck, sndNxt)) {
            return new Check<>(Ack.NEW, "acknowledges new data: " + where);
        }
        if (SeqNum.gt(segAck, sndNxt)) {
            return new Check<>(Ack.AHEAD, "acknowledges data not yet sent: " + where);
        }
        if (SeqNum.distance(segAck, sndUna) <= Integer.toUnsignedLong(maxSndWnd)) {
            return new Check<>(Ack.DUPLICATE, "duplicate: " + where);
        }
        return new Check<>(Ack.TOO_OLD, "older than SND.UNA - MAX.SND.WND (" + maxSndWnd + "): " + where);
    }

    public static Check<Ack> ack(Segment segment, Tcb tcb) {
        return ack(segment.ack(), tcb.sndUna(), tcb.sndNxt(), tcb.maxSndWnd());
    }

    /**
     * SYN-SENT's ACK check (§3.10.7.3): acceptable only if it acknowledges our SYN, {@code ISS < SEG.ACK =< SND.NXT}.
     * Otherwise the RFC answers {@code <SEQ=SEG.ACK><CTL=RST>} (unless the segment is itself a RST).
     */
    public static boolean synSentAckAcceptable(int segAck, int iss, int sndNxt) {
        return SeqNum.lt(iss, segAck) && SeqNum.le(segAck, sndNxt);
    }

    /** RFC 5961 §3.2: a RST resets only at exactly RCV.NXT; elsewhere in the window it earns a challenge ACK. */
    public static Check<Reset> reset(int segSeq, int rcvNxt, int rcvWnd) {
        String where = "SEG.SEQ=" + SeqNum.unsigned(segSeq) + " RCV.NXT=" + SeqNum.unsigned(rcvNxt) + " RCV.WND="
                + rcvWnd;
        if (segSeq == rcvNxt) {
            return new Check<>(Reset.RESET, "at RCV.NXT: " + where);
        }
        if (SeqNum.inWindow(rcvNxt, rcvWnd, segSeq)) {
            return new Check<>(Reset.CHALLENGE_ACK, "in the window but not at RCV.NXT: " + where);
        }
        return new Check<>(Reset.DROP, "outside the receive window: " + where);
    }

    public static Check<Reset> reset(Segment segment, Tcb tcb) {
        return reset(segment.seq(), tcb.rcvNxt(), tcb.rcvWnd());
    }
}
