package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.ReceiveBuffer;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SackBlock;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The receiving half of a connection: the reassembly buffer behind RCV.NXT and RCV.WND, the SACK blocks that report
 * what it holds beyond a gap (RFC 2018 §4), the peer's timestamp to echo (RFC 7323's TS.Recent), and the receiver's
 * side of silly window avoidance. Its buffer exists from the peer's SYN on; before that there is nothing to receive.
 */
final class ReceiveSide {

    /** More than the four blocks an ACK can carry, so that older blocks keep their order as newer ones merge. */
    private static final int MAX_REMEMBERED_ARRIVALS = 8;
    /** RFC 7323 §5.5: TS.Recent older than 24 days is no longer trusted by PAWS. */
    private static final long TS_RECENT_LIFETIME_NANOS = Duration.ofDays(24).toNanos();

    private final EndpointConfig config;
    private final Tcb tcb;
    private final Transmitter out;
    private final LongSupplier nanoTime;
    /** When TS.Recent was last recorded, for the 24-day limit. */
    private long tsRecentAtNanos;
    private ReceiveBuffer buffer;
    /** Where recent out-of-order segments started, the latest first: the order SACK blocks are reported in. */
    private final ArrayDeque<Integer> recentArrivals = new ArrayDeque<>();
    /** The blocks as last computed; null once text has arrived since. Every ACK asks, and most ask twice. */
    private List<SackBlock> sackBlocks;
    /** The last segment taken completed a FIN held beyond a hole; read once by {@link #heldFinTaken()}. */
    private boolean heldFinTaken;
    /** RCV.UP: the sequence number of the octet after the peer's latest urgent data; valid once one URG arrived. */
    private int rcvUp;
    private boolean rcvUpValid;

    ReceiveSide(EndpointConfig config, Tcb tcb, Transmitter out, LongSupplier nanoTime) {
        this.config = config;
        this.tcb = tcb;
        this.out = out;
        this.nanoTime = nanoTime;
        tcb.rcvWnd(config.receiveBufferBytes());
    }

    /** The peer's SYN is held: RCV.NXT is set, and text may arrive from it on. */
    void open() {
        buffer = new ReceiveBuffer(config.receiveBufferBytes(), tcb.rcvNxt());
        syncWindow();
    }

    /**
     * Takes the text and the FIN of an acceptable segment. A FIN beyond a hole is held like its text (RFC 9293
     * §3.10.7.4, SHLD-31), and taken when the hole fills: {@link #heldFinTaken()} then says so once, for the machine
     * to hear it. An ACK is owed for the segment, in order or not: for an out-of-order one, FIN included, an
     * immediate duplicate ACK (RFC 5681 §4.2), which is what tells the sender.
     */
    void take(Segment segment, boolean finInOrder) {
        if (segment.payloadLength() == 0 && !finInOrder && !segment.has(TcpFlag.FIN)) {
            return;
        }
        ReceiveBuffer.Accepted accepted = buffer.accept(segment.seq(), segment.text(),
                finInOrder || segment.has(TcpFlag.FIN));
        heldFinTaken = accepted.finNowReceived() && !finInOrder;
        tcb.rcvNxt(buffer.rcvNxt());
        sackBlocks = null;
        if (tcb.sack() && segment.payloadLength() > 0 && SeqNum.gt(segment.seq(), tcb.rcvNxt())) {
            recentArrivals.remove(segment.seq());
            recentArrivals.addFirst(segment.seq());
            if (recentArrivals.size() > MAX_REMEMBERED_ARRIVALS) {
                recentArrivals.removeLast();
            }
        }
        syncWindow();
        out.ackOwed();
    }

    /**
     * The URG bit of an acceptable segment (§3.10.7.4 Sixth): RCV.UP becomes the later of itself and SEG.SEQ plus
     * the urgent pointer, which points at the octet after the urgent data (§3.1). Returns whether the user must be
     * told (MUST-31): the pointer arrived with no urgent data pending, or advanced beyond what was pending; a
     * retransmission that repeats it tells nothing.
     */
    boolean urgentPointer(Segment segment) {
        int pointer = segment.seq() + segment.urgentPointer();
        if (rcvUpValid && SeqNum.le(pointer, rcvUp)) {
            return false;
        }
        rcvUp = pointer;
        rcvUpValid = true;
        return urgentBytes() > 0;
    }

    /**
     * How many octets from the next one the user reads up to the end of the urgent data (MUST-32); 0 when no urgent
     * data lies ahead.
     */
    int urgentBytes() {
        if (!rcvUpValid || buffer == null) {
            return 0;
        }
        int nextRead = buffer.rcvNxt() - buffer.readableBytes();
        return SeqNum.gt(rcvUp, nextRead) ? rcvUp - nextRead : 0;
    }

    /** Whether the segment just taken filled the hole before a held FIN, which the machine has not heard yet. */
    boolean heldFinTaken() {
        boolean taken = heldFinTaken;
        heldFinTaken = false;
        return taken;
    }

    /** The peer's SYN set TS.Recent: its age counts from now. */
    void timestampRecorded() {
        tsRecentAtNanos = nanoTime.getAsLong();
    }

    /**
     * RFC 7323 §4.3 and §5.3 R3: an acceptable segment's TSval becomes TS.Recent if it is not older and the segment
     * starts at or before what we last acknowledged, so that the echo reflects the oldest unacknowledged segment.
     */
    void recordTimestamp(Segment segment) {
        if (!tcb.timestamps()) {
            return;
        }
        segment.options().timestamps().ifPresent(ts -> {
            if ((!tcb.tsRecentValid() || SeqNum.ge(ts.value(), tcb.tsRecent()))
                    && SeqNum.le(segment.seq(), tcb.lastAckSent())) {
                tcb.tsRecent(ts.value());
                tsRecentAtNanos = nanoTime.getAsLong();
            }
        });
    }

    /** RFC 7323 §5.5: after 24 days without an update the peer's clock may have wrapped, so PAWS stops using it. */
    void expireStaleTimestamp() {
        if (tcb.tsRecentValid() && nanoTime.getAsLong() - tsRecentAtNanos > TS_RECENT_LIFETIME_NANOS) {
            tcb.invalidateTsRecent();
        }
    }

    /** Up to {@code max} in-order bytes for the user. */
    byte[] read(int max) {
        if (buffer == null) {
            return new byte[0];
        }
        byte[] data = buffer.read(max);
        syncWindow();
        if (rcvUpValid && urgentBytes() == 0) {
            rcvUpValid = false; // read past: forgotten, as Linux forgets it, before 2^31 octets make it look ahead again
        }
        return data;
    }

    /** Drops every in-order byte the user has not read: the user closed and will not read them (§3.6.1). */
    void discard() {
        if (buffer != null) {
            buffer.read(buffer.readableBytes());
        }
    }

    int readableBytes() {
        return buffer == null ? 0 : buffer.readableBytes();
    }

    /** Whether the peer's FIN is in and every byte before it has been read. */
    boolean atEndOfStream() {
        return buffer != null && buffer.atEndOfStream();
    }

    /**
     * The SACK blocks for the next ACK, when SACK is in force (RFC 2018 §4): first the block holding the segment that
     * arrived last, then the blocks of earlier arrivals, then any other held block, highest first. The ACK takes as
     * many as its option space holds.
     */
    List<SackBlock> sackBlocks() {
        if (!tcb.sack() || buffer == null) {
            return List.of();
        }
        if (sackBlocks == null) {
            sackBlocks = currentSackBlocks();
        }
        return sackBlocks;
    }

    private List<SackBlock> currentSackBlocks() {
        List<SackBlock> held = buffer.outOfOrderBlocks();
        if (held.isEmpty()) {
            recentArrivals.clear();
            return List.of();
        }
        List<SackBlock> blocks = new ArrayList<>();
        for (Iterator<Integer> it = recentArrivals.iterator(); it.hasNext(); ) {
            SackBlock block = containing(held, it.next());
            if (block == null) {
                it.remove(); // delivered in order since
            } else if (!blocks.contains(block)) {
                blocks.add(block);
            }
        }
        for (int i = held.size() - 1; i >= 0; i--) {
            if (!blocks.contains(held.get(i))) {
                blocks.add(held.get(i));
            }
        }
        return blocks;
    }

    private static SackBlock containing(List<SackBlock> blocks, int seq) {
        for (SackBlock block : blocks) {
            if (SeqNum.le(block.left(), seq) && SeqNum.lt(seq, block.right())) {
                return block;
            }
        }
        return null;
    }

    /**
     * RCV.WND follows the free space of the buffer, and reaches at least the right edge our last ACK offered: the
     * window never shrinks (RFC 9293 §3.8.6), so text the peer sends up to that edge is acceptable and held. The free
     * space goes along, for the window field to round up no further than a scale unit beyond it.
     */
    void syncWindow() {
        if (buffer != null) {
            if (tcb.rcvEdgeOffered()) {
                buffer.offered(tcb.rcvOfferedEdge(), 1 << tcb.rcvWndShift());
            }
            tcb.rcvWnd(buffer.window(), buffer.freeSpace());
        }
    }

    /**
     * Receiver-side silly window avoidance (RFC 1122 §4.2.3.3): a window update is worth a segment once the window
     * we could announce exceeds the one announced by min(Eff.snd.MSS, half the buffer).
     */
    boolean windowUpdateDue(int sendMss) {
        int threshold = Math.min(sendMss, config.receiveBufferBytes() / 2);
        return tcb.advertisedWindow(false) - out.advertisedWindow() >= threshold;
    }
}
