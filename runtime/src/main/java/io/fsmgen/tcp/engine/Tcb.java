package io.fsmgen.tcp.engine;

/**
 * The sequence variables of one connection (RFC 9293 §3.3.1), without any notion of state: the machine decides what
 * happens, the TCB remembers the numbers it happens with. Mutable, because it changes with nearly every segment;
 * confined to the connection's thread.
 *
 * <p>All sequence numbers are raw 32-bit values compared with {@link SeqNum}. Windows are in bytes, up to 2^30
 * with RFC 7323's scaling: {@code sndWndShift} and {@code rcvWndShift} (Snd.Wind.Shift, Rcv.Wind.Shift) are zero
 * until both SYNs carried a window-scale option, and a SYN's own window field is never scaled (§2.2).
 * {@code maxSndWnd} is RFC 5961's MAX.SND.WND, the largest window the peer has offered, which bounds how old an
 * acceptable ACK may be.
 *
 * <p>RFC 7323's timestamp variables live here too, because the acceptability test reads them: whether timestamps
 * were negotiated, TS.Recent (the peer's clock value to echo, and the floor of PAWS), and Last.ACK.sent.
 */
public final class Tcb {

    /** RFC 7323 §2.3: no window may exceed 2^30 bytes, so that sequence comparisons stay unambiguous. */
    public static final int MAX_WINDOW = 1 << 30;

    private int iss;
    private int irs;
    private int sndUna;
    private int sndNxt;
    private int sndWnd;
    private int sndWl1;
    private int sndWl2;
    private int maxSndWnd;
    private int rcvNxt;
    private int rcvWnd;
    /** The receive buffer's free space, at most RCV.WND: what an offer may exceed by less than one scale unit. */
    private int rcvFree;
    private int peerMss = 536;
    private int sndWndShift;
    private int rcvWndShift;
    private boolean timestamps;
    private boolean sack;
    private int tsRecent;
    private boolean tsRecentValid;
    private int lastAckSent;
    /** RCV.NXT plus the window of the last ACK we sent: the right edge the peer was offered, never moved left. */
    private int rcvOfferedEdge;
    private boolean rcvEdgeOffered;

    /** Starts the send side at {@code iss}: SND.UNA = ISS, SND.NXT = ISS (the SYN will advance it). */
    public void initSend(int initialSendSequence) {
        iss = initialSendSequence;
        sndUna = initialSendSequence;
        sndNxt = initialSendSequence;
    }

    /** Records the peer's SYN: IRS = SEG.SEQ, RCV.NXT = SEG.SEQ + 1. */
    public void initReceive(int initialReceiveSequence) {
        irs = initialReceiveSequence;
        rcvNxt = initialReceiveSequence + 1;
    }

    /**
     * Turns window scaling on once both SYNs carried the option (RFC 7323 §2.2): from then on the peer's window
     * fields are shifted left by {@code sendShift} and ours right by {@code receiveShift}, SYNs excepted.
     */
    public void scaleWindows(int sendShift, int receiveShift) {
        if (sendShift < 0 || sendShift > TcpOption.WindowScale.MAX_SHIFT || receiveShift < 0
                || receiveShift > TcpOption.WindowScale.MAX_SHIFT) {
            throw new IllegalArgumentException("window scale shifts must be 0 to 14: " + sendShift + ", "
                    + receiveShift);
        }
        sndWndShift = sendShift;
        rcvWndShift = receiveShift;
    }

    /** Snd.Wind.Shift: how far the peer's window fields are shifted left. */
    public int sndWndShift() {
        return sndWndShift;
    }

    /** Rcv.Wind.Shift: how far RCV.WND is shifted right into our window fields. */
    public int rcvWndShift() {
        return rcvWndShift;
    }

    /** The peer's window in bytes as {@code segment} states it: its field, scaled unless the segment is a SYN. */
    public long windowOf(Segment segment) {
        return segment.has(TcpFlag.SYN) ? segment.window() : (long) segment.window() << sndWndShift;
    }

    /**
     * The window field for a segment we send: RCV.WND, shifted right by Rcv.Wind.Shift unless the segment is a SYN,
     * and capped at what 16 bits hold. Rounding down never offers space the buffer does not have, except where it
     * would move the right edge already offered to the left: then the field is rounded up to keep that edge (RFC 9293
     * §3.8.6 and RFC 7323 §2.4 discourage shrinking the window; Linux's {@code tcp_select_window} never shrinks
     * it, aligning the window still owed up to the scale unit), though never past the free space rounded up to a
     * unit. So the peer is offered at most the free space and one unit less a byte, which the receive buffer takes
     * ({@link ReceiveBuffer#offered}): each ACK after a piece shorter than the unit would otherwise round up again
     * from the new RCV.NXT and push the edge on by that piece, keeping a full, unread buffer's window open (Linux
     * bounds the same drift by its receive memory, dropping and closing the window there). Past that bound the edge
     * moves left by less than a unit, the one shrink left, and only a peer sending pieces smaller than the unit into
     * a buffer nobody reads meets it.
     */
    public int windowField(boolean syn) {
        if (syn) {
            return (int) Math.min(rcvWnd, 0xFFFF);
        }
        long field = (long) rcvWnd >>> rcvWndShift;
        long owed = offeredBeyondRcvNxt();
        if (field << rcvWndShift < owed) {
            long keepingTheEdge = unitsRoundedUp(owed);
            long withinOneUnitOfTheFreeSpace = unitsRoundedUp(rcvFree);
            field = Math.max(field, Math.min(keepingTheEdge, withinOneUnitOfTheFreeSpace));
        }
        return (int) Math.min(field, 0xFFFF);
    }

    private long unitsRoundedUp(long bytes) {
        return (bytes + (1L << rcvWndShift) - 1) >>> rcvWndShift;
    }

    /**
     * Records the window an ACK offered: {@code ack} (its RCV.NXT) plus {@code field}, scaled unless the segment is a
     * SYN. The offered right edge only moves right.
     */
    public void windowOffered(int ack, int field, boolean syn) {
        int edge = ack + (int) (syn ? field : (long) field << rcvWndShift);
        if (!rcvEdgeOffered || SeqNum.gt(edge, rcvOfferedEdge)) {
            rcvOfferedEdge = edge;
            rcvEdgeOffered = true;
        }
    }

    /** The right edge the peer has been offered (RCV.NXT plus the window of our last ACK); valid once one was sent. */
    public int rcvOfferedEdge() {
        return rcvOfferedEdge;
    }

    /** Whether an ACK of ours has offered a window yet. */
    public boolean rcvEdgeOffered() {
        return rcvEdgeOffered;
    }

    /** The part of the offered window beyond RCV.NXT that the peer may still fill: 0 before any offer. */
    private long offeredBeyondRcvNxt() {
        if (!rcvEdgeOffered || SeqNum.le(rcvOfferedEdge, rcvNxt)) {
            return 0;
        }
        return SeqNum.distance(rcvNxt, rcvOfferedEdge);
    }

    /** The window a segment carrying {@link #windowField} offers, in bytes: what the peer will believe. */
    public long advertisedWindow(boolean syn) {
        return syn ? windowField(true) : (long) windowField(false) << rcvWndShift;
    }

    /**
     * Takes the peer's window from {@code segment} if it is newer than the last update (§3.10.7.4, fifth check:
     * {@code SND.WL1 < SEG.SEQ}, or {@code SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK}), so that a reordered old segment cannot shrink the
     * window. Returns whether the window was updated.
     */
    public boolean updateSendWindow(Segment segment) {
        if (SeqNum.lt(sndWl1, segment.seq()) || (sndWl1 == segment.seq() && SeqNum.le(sndWl2, segment.ack()))) {
            forceSendWindow(segment);
            return true;
        }
        return false;
    }

    /** Takes the peer's window unconditionally, as on the segment that synchronizes the connection. */
    public void forceSendWindow(Segment segment) {
        sndWnd = (int) windowOf(segment);
        sndWl1 = segment.seq();
        sndWl2 = segment.ack();
        maxSndWnd = Math.max(maxSndWnd, sndWnd);
    }

    /** Bytes the peer's window still allows beyond SND.NXT: SND.UNA + SND.WND - SND.NXT, or 0 if overrun. */
    public long usableWindow() {
        long inFlight = SeqNum.distance(sndUna, sndNxt);
        return Math.max(0, sndWnd - inFlight);
    }

    /** Sequence space sent but not yet acknowledged: SND.NXT - SND.UNA. */
    public long inFlight() {
        return SeqNum.distance(sndUna, sndNxt);
    }

    public int iss() {
        return iss;
    }

    public int irs() {
        return irs;
    }

    public int sndUna() {
        return sndUna;
    }

    public void sndUna(int value) {
        sndUna = value;
    }

    public int sndNxt() {
        return sndNxt;
    }

    public void sndNxt(int value) {
        sndNxt = value;
    }

    /** Advances SND.NXT over {@code sequenceLength} (data plus SYN and FIN) just sent. */
    public void advanceSndNxt(int sequenceLength) {
        sndNxt += sequenceLength;
    }

    public int sndWnd() {
        return sndWnd;
    }

    public int sndWl1() {
        return sndWl1;
    }

    public int sndWl2() {
        return sndWl2;
    }

    public int maxSndWnd() {
        return maxSndWnd;
    }

    public int rcvNxt() {
        return rcvNxt;
    }

    public void rcvNxt(int value) {
        rcvNxt = value;
    }

    public int rcvWnd() {
        return rcvWnd;
    }

    /** Sets RCV.WND, the free receive space in bytes: at most 2^30, what a 14-bit shift can announce. */
    public void rcvWnd(int value) {
        rcvWnd(value, value);
    }

    /**
     * Sets RCV.WND and the receive buffer's free space, which is less when RCV.WND still covers a window offered
     * beyond it: the {@linkplain #windowField window field} rounds up no further than a unit past the free space.
     */
    public void rcvWnd(int window, int free) {
        if (window < 0 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("RCV.WND must be 0 to 2^30: " + window);
        }
        if (free < 0 || free > window) {
            throw new IllegalArgumentException("the free receive space must be 0 to RCV.WND: " + free);
        }
        rcvWnd = window;
        rcvFree = free;
    }

    /** The peer's MSS option, or 536 (RFC 9293 §3.7.1) when it sent none. */
    public int peerMss() {
        return peerMss;
    }

    public void peerMss(int value) {
        peerMss = value;
    }

    /** Turns SACK on: both SYNs carried SACK-permitted (RFC 2018 §2), so ACKs may carry SACK blocks either way. */
    public void enableSack() {
        sack = true;
    }

    public boolean sack() {
        return sack;
    }

    // ---- RFC 7323 timestamps ----

    /** Turns the timestamps option on: both SYNs carried it, so every non-RST segment must carry it too (§3.2). */
    public void enableTimestamps() {
        timestamps = true;
    }

    public boolean timestamps() {
        return timestamps;
    }

    /** TS.Recent: the peer's timestamp to echo in TSecr, and the floor PAWS holds arriving segments to (§5.3). */
    public int tsRecent() {
        return tsRecent;
    }

    /** Whether TS.Recent holds a value PAWS may use: one has been recorded and not outlived 24 days (§5.5). */
    public boolean tsRecentValid() {
        return tsRecentValid;
    }

    public void tsRecent(int value) {
        tsRecent = value;
        tsRecentValid = true;
    }

    /** §5.5: a TS.Recent idle for over 24 days may be a whole sign bit behind the peer's clock: PAWS drops it. */
    public void invalidateTsRecent() {
        tsRecentValid = false;
    }

    /** Last.ACK.sent: the ACK field of the last segment sent, which bounds which timestamp is recorded (§4.3). */
    public int lastAckSent() {
        return lastAckSent;
    }

    public void lastAckSent(int value) {
        lastAckSent = value;
    }

    @Override
    public String toString() {
        return "ISS=" + SeqNum.unsigned(iss) + " IRS=" + SeqNum.unsigned(irs)
                + " SND.UNA=" + SeqNum.unsigned(sndUna) + " SND.NXT=" + SeqNum.unsigned(sndNxt)
                + " SND.WND=" + sndWnd + " RCV.NXT=" + SeqNum.unsigned(rcvNxt) + " RCV.WND=" + rcvWnd
                + (sndWndShift != 0 || rcvWndShift != 0 ? " shifts=" + sndWndShift + "/" + rcvWndShift : "");
    }
}
