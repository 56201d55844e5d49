package io.fsmgen.tcp.endpoint;

import java.util.Arrays;

/**
 * What RACK-TLP (RFC 8985) needs to know about every segment sent and not yet cumulatively acknowledged: where it lies
 * in the sequence space, when it was last transmitted, whether the receiver SACKed it, whether it is deemed lost, and
 * whether a retransmission of it is in the network. Linux keeps the same facts on each buffer of its retransmission
 * queue.
 *
 * <p>Positions are 64-bit offsets in the sequence space, which never wrap (the send side's coordinates). The records
 * cover the space from the first unacknowledged position to the highest sent, contiguously, in order: one per segment
 * as first sent, split where a retransmission or a SACK block covers part of one. New data is only ever appended, so
 * records that were never retransmitted are in transmission order as well; {@link #retransmittedRecords()} says how
 * many are not.
 *
 * <p>The bytes believed in the network ({@link #pipe()}) follow Linux's {@code tcp_packets_in_flight}: each
 * unSACKed byte counts once unless it is deemed lost, and once more while a retransmission of it is out. The counts
 * are kept as records change, so that asking costs nothing.
 *
 * <p>A ring of parallel arrays, so that a bulk transfer allocates nothing per segment. Single-threaded.
 */
final class SentSegments {

    /** Deemed lost, by RACK, by the timeout, or by the duplicate threshold; cleared only by delivery. */
    static final int LOST = 1;
    /** A retransmission of it is believed to be in the network. */
    static final int RETRANSMITTED = 2;
    static final int SACKED = 4;
    /** Retransmitted at least once, so an ACK for it may be for either copy. */
    static final int EVER_RETRANSMITTED = 8;

    /** How the caller learns of each record newly delivered (cumulatively acknowledged, or SACKed). */
    interface Delivery {
        void delivered(long xmitNanos, long end, boolean everRetransmitted);
    }

    private long[] starts = new long[64];
    private long[] ends = new long[64];
    private long[] xmits = new long[64];
    private int[] flags = new int[64];
    private int head;
    private int count;
    private long lostBytes;
    private long retransmittedBytes;
    private long sackedBytes;
    private int retransmittedRecords;

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The start of record {@code i}, 0 being the oldest. */
    long start(int i) {
        return starts[slot(i)];
    }

    long end(int i) {
        return ends[slot(i)];
    }

    long xmitNanos(int i) {
        return xmits[slot(i)];
    }

    boolean has(int i, int flag) {
        return (flags[slot(i)] & flag) != 0;
    }

    /** Records ever retransmitted: the ones that may lie out of transmission order. */
    int retransmittedRecords() {
        return retransmittedRecords;
    }

    /** The bytes believed in the network: see the class comment. */
    long pipe() {
        if (count == 0) {
            return 0;
        }
        return ends[slot(count - 1)] - starts[head] - sackedBytes - lostBytes + retransmittedBytes;
    }

    /** The oldest record deemed lost and not resent since: what recovery resends first; -1 when there is none. */
    int firstLostToResend() {
        if (lostBytes == 0) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            if ((flags[slot(i)] & (LOST | RETRANSMITTED | SACKED)) == LOST) {
                return i;
            }
        }
        return -1;
    }

    /** SACKed bytes above the cumulative ACK. */
    long sackedBytes() {
        return sackedBytes;
    }

    /** New data {@code [start, end)} went out at {@code now}; it follows the last record. */
    void sent(long start, long end, long now) {
        if (count > 0 && start != ends[slot(count - 1)]) {
            throw new IllegalArgumentException("new data at " + start + " does not follow " + ends[slot(count - 1)]);
        }
        if (count == starts.length) {
            grow();
        }
        int s = slot(count);
        starts[s] = start;
        ends[s] = end;
        xmits[s] = now;
        flags[s] = 0;
        count++;
    }

    /**
     * {@code [start, end)} was retransmitted at {@code now}: each record in it (split at the edges) has a copy in the
     * network again, sent now. SACKed records in the range are left alone.
     */
    void resent(long start, long end, long now) {
        splitAt(start);
        splitAt(end);
        for (int i = indexOf(start); i >= 0 && i < count && start(i) < end; i++) {
            int s = slot(i);
            if ((flags[s] & SACKED) != 0) {
                continue;
            }
            if ((flags[s] & RETRANSMITTED) == 0) {
                retransmittedBytes += ends[s] - starts[s];
            }
            if ((flags[s] & EVER_RETRANSMITTED) == 0) {
                retransmittedRecords++;
            }
            flags[s] |= RETRANSMITTED | EVER_RETRANSMITTED;
            xmits[s] = now;
        }
    }

    /** Record {@code i} is deemed lost: it no longer counts as in the network, nor does a retransmission of it. */
    void markLost(int i) {
        int s = slot(i);
        if ((flags[s] & SACKED) != 0) {
            return;
        }
        if ((flags[s] & LOST) == 0) {
            lostBytes += ends[s] - starts[s];
        }
        if ((flags[s] & RETRANSMITTED) != 0) {
            retransmittedBytes -= ends[s] - starts[s];
        }
        flags[s] = (flags[s] | LOST) & ~RETRANSMITTED;
    }

    /** Everything up to {@code una} is acknowledged: tells {@code delivery} of each record not SACKed before. */
    void acknowledge(long una, Delivery delivery) {
        if (count > 0 && start(0) < una && una < end(0)) {
            splitAt(una);
        }
        while (count > 0 && ends[head] <= una) {
            int f = flags[head];
            if ((f & SACKED) == 0) {
                delivery.delivered(xmits[head], ends[head], (f & EVER_RETRANSMITTED) != 0);
            }
            forget(head, f);
            head = (head + 1) % starts.length;
            count--;
        }
    }

    /** The receiver holds {@code [start, end)}: tells {@code delivery} of each record newly SACKed in it. */
    void sack(long start, long end, Delivery delivery) {
        if (count == 0) {
            return;
        }
        start = Math.max(start, starts[head]);
        end = Math.min(end, ends[slot(count - 1)]);
        if (start >= end) {
            return;
        }
        splitAt(start);
        splitAt(end);
        for (int i = indexOf(start); i >= 0 && i < count && start(i) < end; i++) {
            int s = slot(i);
            int f = flags[s];
            if ((f & SACKED) != 0) {
                continue;
            }
            forget(s, f);
            flags[s] = (f & EVER_RETRANSMITTED) | SACKED;
            sackedBytes += ends[s] - starts[s];
            delivery.delivered(xmits[s], ends[s], (f & EVER_RETRANSMITTED) != 0);
        }
    }

    /** Forgets every SACK, as when the receiver may have reneged (RFC 2018 §8). */
    void clearSacks() {
        for (int i = 0; i < count; i++) {
            flags[slot(i)] &= ~SACKED;
        }
        sackedBytes = 0;
    }

    /** The index of the record holding {@code position}, or -1. */
    int indexOf(long position) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (end(middle) <= position) {
                low = middle + 1;
            } else if (start(middle) > position) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    private void forget(int s, int f) {
        long length = ends[s] - starts[s];
        if ((f & LOST) != 0) {
            lostBytes -= length;
        }
        if ((f & RETRANSMITTED) != 0) {
            retransmittedBytes -= length;
        }
        if ((f & SACKED) != 0) {
            sackedBytes -= length;
        }
        if ((f & EVER_RETRANSMITTED) != 0) {
            retransmittedRecords--;
        }
    }

    /** Makes {@code position} the start of a record, if it falls inside one. */
    private void splitAt(long position) {
        int i = indexOf(position);
        if (i < 0 || start(i) == position) {
            return;
        }
        if (count == starts.length) {
            grow();
        }
        for (int j = count; j > i + 1; j--) { // shift the younger records up by one
            int to = slot(j);
            int from = slot(j - 1);
            starts[to] = starts[from];
            ends[to] = ends[from];
            xmits[to] = xmits[from];
            flags[to] = flags[from];
        }
        int s = slot(i);
        int t = slot(i + 1);
        starts[t] = position;
        ends[t] = ends[s];
        xmits[t] = xmits[s];
        flags[t] = flags[s];
        ends[s] = position;
        if ((flags[s] & EVER_RETRANSMITTED) != 0) {
            retransmittedRecords++; // both halves were retransmitted; the byte counts do not change
        }
        count++;
    }

    private int slot(int i) {
        int s = head + i;
        return s < starts.length ? s : s - starts.length;
    }

    private void grow() {
        int size = starts.length * 2;
        long[] newStarts = new long[size];
        long[] newEnds = new long[size];
        long[] newXmits = new long[size];
        int[] newFlags = new int[size];
        for (int i = 0; i < count; i++) {
            int s = slot(i);
            newStarts[i] = starts[s];
            newEnds[i] = ends[s];
            newXmits[i] = xmits[s];
            newFlags[i] = flags[s];
        }
        starts = newStarts;
        ends = newEnds;
        xmits = newXmits;
        flags = newFlags;
        head = 0;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("sent");
        for (int i = 0; i < count; i++) {
            int f = flags[slot(i)];
            out.append(" [").append(start(i)).append(',').append(end(i)).append(')');
            if (f != 0) {
                out.append(Arrays.toString(new String[] {(f & LOST) != 0 ? "lost" : "",
                        (f & RETRANSMITTED) != 0 ? "rtx" : "", (f & SACKED) != 0 ? "sacked" : ""}));
            }
        }
        return out.toString();
    }
}
