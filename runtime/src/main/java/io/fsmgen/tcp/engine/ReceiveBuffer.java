package io.fsmgen.tcp.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receive side's data: a bounded buffer that reassembles segments arriving out of order, discards what it already
 * has, and hands the application each byte once and in order. It also places the peer's FIN, which may arrive before
 * the data it follows.
 *
 * <p>Positions are kept as 64-bit stream offsets from RCV.NXT at creation, so reassembly never has to think about
 * sequence wrap-around; sequence numbers are converted at the edge. The window is the free space, or the part of an
 * edge already {@linkplain #offered offered} that lies beyond it when that is more: a window scale rounds the offer
 * to its unit, and keeping the edge where it was (never shrinking the window) may offer up to one unit less a byte
 * more than the capacity. Those are held too, and never more: the buffer holds at most its capacity and one scale
 * unit less a byte; bytes beyond the window are dropped.
 */
public final class ReceiveBuffer {

    private final int capacity;
    private final ArrayDeque<byte[]> readable = new ArrayDeque<>();
    private final TreeMap<Long, byte[]> outOfOrder = new TreeMap<>();
    private int readableBytes;
    private int headOffsetInFirst;
    private int dataNxt;
    private long nextOffset;
    private long finOffset = -1;
    private boolean finReceived;
    /** The stream offset of the right edge the peer was offered; the window reaches at least that far. */
    private long offeredEnd;

    /** A buffer of {@code capacity} bytes (at most 2^30, the largest scaled window) expecting {@code rcvNxt} next. */
    public ReceiveBuffer(int capacity, int rcvNxt) {
        if (capacity < 1 || capacity > Tcb.MAX_WINDOW) {
            throw new IllegalArgumentException("capacity must be 1 to 2^30: " + capacity);
        }
        this.capacity = capacity;
        this.dataNxt = rcvNxt;
    }

    /** What an arriving segment contributed, and RCV.NXT after it. */
    public record Accepted(int newInOrderBytes, boolean finNowReceived, int rcvNxt) {
    }

    /**
     * Takes the data (and FIN) of a segment starting at {@code seq}. Parts already received or beyond the window are
     * ignored; parts that fit but do not start at RCV.NXT wait for the gap to fill. Never throws.
     */
    public Accepted accept(int seq, byte[] data, boolean fin) {
        return accept(seq, ByteSlice.borrow(data, 0, data.length), fin);
    }

    /**
     * {@link #accept(int, byte[], boolean)} for text held elsewhere: what is kept is copied out of it, once, before
     * this returns, so {@code data} may be borrowed from a buffer that changes afterwards.
     */
    public Accepted accept(int seq, ByteSlice data, boolean fin) {
        long start = nextOffset + (seq - dataNxt); // the signed distance is exact within half the sequence space
        long windowEnd = nextOffset + window();
        if (fin && !finReceived && finOffset < 0) {
            long candidate = start + data.length();
            if (candidate >= nextOffset && candidate <= windowEnd) {
                finOffset = candidate;
                discardBeyondFin();
            }
        }
        long from = Math.max(start, nextOffset);
        long to = Math.min(start + data.length(), windowEnd);
        if (finOffset >= 0) {
            to = Math.min(to, finOffset); // nothing beyond the FIN exists
        }
        if (from < to) {
            byte[] piece = new byte[(int) (to - from)];
            data.copyTo((int) (from - start), piece, 0, piece.length);
            store(from, piece);
        }
        return settle();
    }

    /** Up to {@code max} in-order bytes for the application, removed from the buffer. */
    public byte[] read(int max) {
        int count = Math.min(Math.max(max, 0), readableBytes);
        byte[] out = new byte[count];
        int filled = 0;
        while (filled < count) {
            byte[] first = readable.peek();
            int take = Math.min(count - filled, first.length - headOffsetInFirst);
            System.arraycopy(first, headOffsetInFirst, out, filled, take);
            filled += take;
            headOffsetInFirst += take;
            if (headOffsetInFirst == first.length) {
                readable.poll();
                headOffsetInFirst = 0;
            }
        }
        readableBytes -= count;
        return out;
    }

    /** In-order bytes waiting for the application. */
    public int readableBytes() {
        return readableBytes;
    }

    /** Bytes held out of order, waiting for a gap to fill. */
    public int outOfOrderBytes() {
        int total = 0;
        for (byte[] piece : outOfOrder.values()) {
            total += piece.length;
        }
        return total;
    }

    /**
     * The data held beyond a gap, as sequence-number blocks in ascending order, touching pieces merged: what SACK
     * blocks report (RFC 2018 §3). Empty when everything held is in order.
     */
    public List<SackBlock> outOfOrderBlocks() {
        List<SackBlock> blocks = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (Map.Entry<Long, byte[]> piece : outOfOrder.entrySet()) {
            long from = piece.getKey();
            long to = from + piece.getValue().length;
            if (start >= 0 && from == end) {
                end = to;
                continue;
            }
            if (start >= 0) {
                blocks.add(new SackBlock(sequenceOf(start), sequenceOf(end)));
            }
            start = from;
            end = to;
        }
        if (start >= 0) {
            blocks.add(new SackBlock(sequenceOf(start), sequenceOf(end)));
        }
        return blocks;
    }

    private int sequenceOf(long offset) {
        return dataNxt + (int) (offset - nextOffset);
    }

    /**
     * The peer was offered the window up to {@code rightEdge} (a sequence number) by a window field counted in units
     * of {@code scaleUnit} bytes: the window reaches at least that far from now on, so that the edge never moves
     * left, though never past the capacity and one unit less a byte held in all, the most that rounding the free
     * space up to the unit can offer.
     */
    public void offered(int rightEdge, int scaleUnit) {
        long mostHeld = (long) capacity + scaleUnit - 1;
        long edge = Math.min(nextOffset + (rightEdge - dataNxt), nextOffset + mostHeld - readableBytes);
        offeredEnd = Math.max(offeredEnd, edge);
    }

    /** RCV.WND: the free space the peer may fill, or what remains of the window offered it when that is more. */
    public int window() {
        return (int) Math.min(Tcb.MAX_WINDOW, Math.max(freeSpace(), offeredEnd - nextOffset));
    }

    /** The capacity less what waits to be read: 0 when the offered edge took the buffer beyond its capacity. */
    public int freeSpace() {
        return Math.max(0, capacity - readableBytes);
    }

    /** RCV.NXT: the next sequence number expected, past the FIN once it is in order. */
    public int rcvNxt() {
        return finReceived ? dataNxt + 1 : dataNxt;
    }

    /** Whether the peer's FIN has been reached in order: no more data will come. */
    public boolean finReceived() {
        return finReceived;
    }

    /** Whether the application has read everything up to the peer's FIN. */
    public boolean atEndOfStream() {
        return finReceived && readableBytes == 0;
    }

    private void store(long from, byte[] piece) {
        // Keep pieces disjoint: trim against neighbours already held.
        long end = from + piece.length;
        Map.Entry<Long, byte[]> before = outOfOrder.floorEntry(from);
        if (before != null && before.getKey() + before.getValue().length >= end) {
            return; // entirely covered
        }
        if (before != null && before.getKey() + before.getValue().length > from) {
            long cut = before.getKey() + before.getValue().length;
            piece = slice(piece, (int) (cut - from), (int) (end - cut));
            from = cut;
        }
        for (Map.Entry<Long, byte[]> after = outOfOrder.ceilingEntry(from);
                after != null && after.getKey() < end; after = outOfOrder.ceilingEntry(from)) {
            long afterEnd = after.getKey() + after.getValue().length;
            outOfOrder.remove(after.getKey());
            if (afterEnd > end) {
                // Keep the part of the later piece that extends beyond ours.
                byte[] tail = slice(after.getValue(), (int) (end - after.getKey()), (int) (afterEnd - end));
                outOfOrder.put(end, tail);
                break;
            }
        }
        outOfOrder.put(from, piece);
    }

    /** Nothing exists after the FIN, so anything held beyond it came from a confused peer and is dropped. */
    private void discardBeyondFin() {
        outOfOrder.tailMap(finOffset, true).clear();
        Map.Entry<Long, byte[]> straddling = outOfOrder.lowerEntry(finOffset);
        if (straddling != null && straddling.getKey() + straddling.getValue().length > finOffset) {
            outOfOrder.put(straddling.getKey(),
                    slice(straddling.getValue(), 0, (int) (finOffset - straddling.getKey())));
        }
    }

    private Accepted settle() {
        int added = 0;
        Map.Entry<Long, byte[]> first = outOfOrder.firstEntry();
        while (first != null && first.getKey() == nextOffset) {
            outOfOrder.pollFirstEntry();
            readable.add(first.getValue());
            readableBytes += first.getValue().length;
            added += first.getValue().length;
            nextOffset += first.getValue().length;
            dataNxt += first.getValue().length;
            first = outOfOrder.firstEntry();
        }
        boolean finNow = false;
        if (!finReceived && finOffset == nextOffset) {
            finReceived = true;
            finNow = true;
        }
        return new Accepted(added, finNow, rcvNxt());
    }

    private static byte[] slice(byte[] data, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(data, offset, out, 0, length);
        return out;
    }
}
