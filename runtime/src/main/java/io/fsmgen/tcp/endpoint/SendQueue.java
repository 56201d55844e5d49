package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.ByteSlice;
import io.fsmgen.tcp.engine.RetransmissionLimits;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SendBuffer;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TcpOptions;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The send side's sequence space as segments: the send buffer that keeps every unacknowledged byte, and the SYN, data,
 * FIN and zero-window probes cut from it, each sized by Eff.snd.MSS less the options it carries (RFC 9293 §3.7.1). It
 * sends what it is told to and decides nothing about when: the peer's window is the only limit it applies itself;
 * cwnd and what to resend are {@link SendSide}'s and {@link LossRecovery}'s.
 *
 * <p>Every segment of sequence space that leaves starts the retransmission timer if idle, and is reported to
 * {@link Transmissions}, so that RACK-TLP knows what is in the network and since when.
 */
final class SendQueue {

    /** Told of every data or FIN segment as it leaves. */
    interface Transmissions {
        /** {@code [seq, seq + length)} went out for the first time. */
        void sent(int seq, int length);

        /** {@code [seq, seq + length)} went out again. */
        void resent(int seq, int length);
    }

    private final EndpointConfig config;
    private final Tcb tcb;
    private final Transmitter out;
    private final RetransmissionTimer retransmission;
    private final LongSupplier nanoTime;
    private final int localMss;
    private final Transmissions transmissions;
    private final SendBuffer buffer;
    /** The options of the peer's SYN once it is held, which our SYN+ACK answers; null before. */
    private TcpOptions peerSyn;
    private boolean finSent;
    /** Our SYN+ACK went out once: a later one is the same segment again. */
    private boolean synAckSent;
    private int finSeq;
    private long lastDataSentNanos;

    /** @param localMss the MSS this side announces: the carrier's MTU less 40, under the configured limit */
    SendQueue(EndpointConfig config, Tcb tcb, Transmitter out, RetransmissionTimer retransmission,
            LongSupplier nanoTime, int localMss, Transmissions transmissions) {
        this.config = config;
        this.tcb = tcb;
        this.out = out;
        this.retransmission = retransmission;
        this.nanoTime = nanoTime;
        this.localMss = localMss;
        this.transmissions = transmissions;
        this.buffer = new SendBuffer(config.sendBufferBytes());
    }

    // ---- the buffer ----

    /** Queues as much of {@code data[offset, offset + length)} as fits; returns the count. */
    int write(byte[] data, int offset, int length) {
        return buffer.write(data, offset, length);
    }

    int free() {
        return buffer.free();
    }

    /** The data queued so far ends our urgent data: SND.UP is the octet after the last byte queued (§3.8.5). */
    void urgentUpToQueued() {
        out.urgentUpTo(tcb.sndNxt() + buffer.unsentBytes());
    }

    int unsentBytes() {
        return buffer.unsentBytes();
    }

    /** Whether every byte queued has been acknowledged. */
    boolean allAcknowledged() {
        return buffer.isEmpty();
    }

    /**
     * SND.UNA advanced by {@code advanced} to {@code ack}: the buffer lets go of the bytes among them, which are all
     * but our SYN ({@code !synWasAcknowledged}) and our FIN.
     */
    void acknowledge(int ack, long advanced, boolean synWasAcknowledged) {
        long bytes = advanced - (synWasAcknowledged ? 0 : 1);
        if (finSent && SeqNum.gt(ack, finSeq)) {
            bytes--;
        }
        buffer.acknowledge(bytes);
    }

    // ---- sizes ----

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

    /** The data a segment may carry now: Eff.snd.MSS less the options it will carry, SACK blocks included. */
    int dataRoom() {
        return Math.max(1, sendMss() - out.optionBytes());
    }

    // ---- the SYN ----

    /** The peer's SYN is held: our SYN+ACK answers its options. */
    void peerSynHeld(TcpOptions options) {
        peerSyn = options;
    }

    /**
     * Sends our SYN, or SYN+ACK once the peer's SYN is held; the first time, it takes ISS's sequence number. A SYN+ACK
     * sent again before the timer asks (the machine's answer to the peer's SYN again, A8) is a retransmission: Karn's
     * rule drops the RTT sample, and the timer restarts from now.
     */
    void sendSyn(boolean withAck) {
        if (tcb.sndNxt() == tcb.iss()) {
            tcb.advanceSndNxt(1);
        }
        boolean again = withAck && synAckSent;
        synAckSent |= withAck;
        out.send(synSegment(withAck));
        if (again) {
            retransmission.resentEarly(true);
        } else {
            retransmission.sent(tcb.sndNxt(), headLimits());
        }
    }

    /** Whether our SYN+ACK has gone out once: a later one is sent again. */
    boolean synAckSent() {
        return synAckSent;
    }

    /** The retransmission timer resends our SYN, or SYN+ACK if the peer's SYN is held. */
    void resendSyn() {
        out.send(synSegment(peerSyn != null));
    }

    private Segment synSegment(boolean withAck) {
        TcpOptions options = SynOptions.offer(config, localMss, out.tsVal(), withAck ? peerSyn : null, tcb);
        return out.segment(tcb.iss(), withAck ? TcpFlags.SYN_ACK : TcpFlags.SYN).options(options).build();
    }

    /** Whether our SYN is acknowledged: from then on the sequence space holds data. */
    boolean synAcknowledged() {
        return tcb.sndUna() != tcb.iss();
    }

    /** R1/R2 for what sits at SND.UNA: a SYN's, or data's. */
    RetransmissionLimits headLimits() {
        return synAcknowledged() ? config.dataLimits() : config.synLimits();
    }

    // ---- data and FIN ----

    /** Whether nothing is in flight and no data has left for longer than {@code rto} (RFC 5681 §4.1). */
    boolean idleLongerThan(Duration rto) {
        return tcb.inFlight() == 0 && nanoTime.getAsLong() - lastDataSentNanos > rto.toNanos();
    }

    /** One segment of new data, as much as the options leave room for and the peer's window allows. */
    boolean sendNewData() {
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
        transmissions.sent(seq, data.length());
        return true;
    }

    boolean finSent() {
        return finSent;
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
        transmissions.sent(finSeq, 1);
    }

    /**
     * Resends up to {@code max} bytes from {@code seq} (fewer if the options leave less room), with our FIN if it
     * follows them; returns the sequence space sent, 0 when there is nothing there.
     */
    int resend(int seq, int max) {
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
        transmissions.resent(seq, length);
        return length;
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
