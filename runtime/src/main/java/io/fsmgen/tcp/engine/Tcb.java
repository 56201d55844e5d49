package io.fsmgen.tcp.engine;

/**
 * The sequence variables of one connection (RFC 9293 §3.3.1), without any notion of state: the machine decides what
 * happens, the TCB remembers the numbers it happens with. Mutable, because it changes with nearly every segment;
 * confined to the connection's thread.
 *
 * <p>All sequence numbers are raw 32-bit values compared with {@link SeqNum}. Windows are unsigned 16-bit values
 * (no window scaling). {@code maxSndWnd} is RFC 5961's MAX.SND.WND, the largest window the peer has offered, which
 * bounds how old an acceptable ACK may be.
 */
public final class Tcb {

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
    private int peerMss = 536;

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
        sndWnd = segment.window();
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

    public void rcvWnd(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("RCV.WND must be 0 to 65535 without window scaling: " + value);
        }
        rcvWnd = value;
    }

    /** The peer's MSS option, or 536 (RFC 9293 §3.7.1) when it sent none. */
    public int peerMss() {
        return peerMss;
    }

    public void peerMss(int value) {
        peerMss = value;
    }

    @Override
    public String toString() {
        return "ISS=" + SeqNum.unsigned(iss) + " IRS=" + SeqNum.unsigned(irs)
                + " SND.UNA=" + SeqNum.unsigned(sndUna) + " SND.NXT=" + SeqNum.unsigned(sndNxt)
                + " SND.WND=" + sndWnd + " RCV.NXT=" + SeqNum.unsigned(rcvNxt) + " RCV.WND=" + rcvWnd;
    }
}
