package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.ConnectionId;
import io.fsmgen.tcp.engine.SackBlock;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TcpOption;
import io.fsmgen.tcp.engine.TcpOptions;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every segment a connection sends leaves through here. It fills in what every segment carries (ports, the window
 * field scaled by Rcv.Wind.Shift, the acknowledgment), adds the timestamps and SACK options once they are in force,
 * and remembers what the peer was told: the window it may fill, Last.ACK.sent, and whether an ACK is still owed.
 */
final class Transmitter {

    /** Two NOPs and the timestamps option, as every segment after the handshake carries them. */
    static final int TIMESTAMP_OPTION_BYTES = 12;
    /** RFC 7323 §5.4 allows 1 ms to 1 s per tick; Linux ticks every millisecond. */
    private static final long NANOS_PER_TIMESTAMP_TICK = 1_000_000;

    private final TcpEndpoint endpoint;
    private final ConnectionId id;
    private final Tcb tcb;
    private final int tsOffset;
    private final Supplier<List<SackBlock>> sackBlocks;
    /** The window our last ACK offered, in bytes: what the peer believes it may send. */
    private long advertisedWindow;
    private boolean ackPending;
    /** SND.UP: the sequence number of the octet after our latest urgent data; valid while the peer has not ACKed it. */
    private int sndUp;
    private boolean urgentMode;

    /** @param sackBlocks what the receive side holds beyond a gap, reported on every ACK once SACK is in force */
    Transmitter(TcpEndpoint endpoint, ConnectionId id, Tcb tcb, Supplier<List<SackBlock>> sackBlocks) {
        this.endpoint = endpoint;
        this.id = id;
        this.tcb = tcb;
        this.sackBlocks = sackBlocks;
        this.tsOffset = endpoint.timestampOffsetFor(id);
    }

    /** A segment from this connection: ports, SEQ, flags, the window field, and RCV.NXT when ACK is set. */
    Segment.Builder segment(int seq, TcpFlags flags) {
        Segment.Builder builder = Segment.builder(id.local().port(), id.remote().port()).seq(seq).flags(flags)
                .window(tcb.windowField(flags.has(TcpFlag.SYN)));
        if (flags.has(TcpFlag.ACK)) {
            builder.ack(tcb.rcvNxt());
        }
        return builder;
    }

    /**
     * Sends {@code segment}. Each segment but a SYN (which carries its own) gets the options in force: TSval and the
     * TSecr of TS.Recent once timestamps are (RFC 7323 §3.2: MUST on every non-RST segment, SHOULD on a RST; TSecr
     * zero without ACK), and on an ACK the SACK blocks once SACK is (RFC 2018 §4). Every ACK updates Last.ACK.sent and
     * the window the peer believes in.
     */
    void send(Segment segment) {
        boolean ack = segment.has(TcpFlag.ACK);
        if (!segment.has(TcpFlag.SYN)) {
            segment = segment.withOptions(options(ack, segment.has(TcpFlag.RST)));
            if (!segment.has(TcpFlag.RST)) {
                segment = withUrgentPointer(segment);
            }
        }
        if (ack && !segment.has(TcpFlag.RST)) {
            boolean syn = segment.has(TcpFlag.SYN);
            tcb.windowOffered(segment.ack(), segment.window(), syn);
            advertisedWindow = syn ? segment.window() : (long) segment.window() << tcb.rcvWndShift();
            tcb.lastAckSent(segment.ack());
            if (segment.ack() == tcb.rcvNxt()) {
                ackPending = false;
            }
        }
        endpoint.transmit(segment, id.remote());
    }

    /**
     * Our urgent data ends before {@code upTo} (SND.UP, RFC 9293 §3.8.5): from now on every segment but a SYN or RST
     * that starts before it carries URG and a pointer to the octet after the urgent data (MUST-30), until the peer
     * has acknowledged all of it. A later call moves the pointer on, as Linux's {@code MSG_OOB} does.
     */
    void urgentUpTo(int upTo) {
        sndUp = upTo;
        urgentMode = true;
    }

    /**
     * The segment with URG set and SEG.UP = SND.UP − SEG.SEQ while it starts before SND.UP and the urgent data is not
     * all acknowledged, a pure ACK or window probe included: that is how the peer hears of urgent data its window does
     * not let through yet. A pointer beyond 16 bits is sent as 65535 (RFC 6093 §4) only while the octet it names has
     * not been sent, as Linux does: a receiver takes the octet before the pointer as the urgent one, and must not be
     * shown an ordinary octet it may already hold (a retransmission far behind SND.UP goes without URG).
     */
    private Segment withUrgentPointer(Segment segment) {
        if (urgentMode && SeqNum.ge(tcb.sndUna(), sndUp)) {
            urgentMode = false; // the peer has it all
        }
        if (!urgentMode || SeqNum.ge(segment.seq(), sndUp)) {
            return segment;
        }
        long pointer = SeqNum.distance(segment.seq(), sndUp);
        if (pointer > 0xFFFF && !SeqNum.gt(segment.seq() + 0xFFFF, tcb.sndNxt())) {
            return segment;
        }
        return segment.toBuilder().flags(segment.flags().with(TcpFlag.URG))
                .urgentPointer((int) Math.min(0xFFFF, pointer)).build();
    }

    private TcpOptions options(boolean ack, boolean reset) {
        if (!tcb.timestamps() && !tcb.sack()) {
            return TcpOptions.NONE;
        }
        TcpOptions.Builder options = TcpOptions.builder();
        if (tcb.timestamps()) {
            options.timestamps(tsVal(), ack ? tcb.tsRecent() : 0);
        }
        if (ack && !reset && tcb.sack()) {
            options.sackBlocks(sackBlocks.get());
        }
        return options.build();
    }

    /**
     * The option bytes the next data segment will carry, which its data must leave room for (§3.7.1): what
     * {@link #send} will add, counted without building it.
     */
    int optionBytes() {
        int bytes = tcb.timestamps() ? TIMESTAMP_OPTION_BYTES : 0;
        if (tcb.sack()) {
            int blocks = Math.min(TcpOptions.sackBlocksFitting(bytes), sackBlocks.get().size());
            if (blocks > 0) {
                bytes += 4 + blocks * TcpOption.Sack.BLOCK_BYTES; // two NOPs, kind, length, the blocks
            }
        }
        return bytes;
    }

    /** {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}. */
    void sendAck() {
        send(segment(tcb.sndNxt(), TcpFlags.ACK).build());
    }

    /** Text arrived: an ACK is owed, and goes out after the event unless a segment carried one first. */
    void ackOwed() {
        ackPending = true;
    }

    boolean ackPending() {
        return ackPending;
    }

    /** The window the last ACK offered, in bytes. */
    long advertisedWindow() {
        return advertisedWindow;
    }

    /** Our timestamp clock (RFC 7323 §5.4): milliseconds, offset per connection (§7.1). */
    int tsVal() {
        return (int) (endpoint.nanoTime() / NANOS_PER_TIMESTAMP_TICK) + tsOffset;
    }
}
