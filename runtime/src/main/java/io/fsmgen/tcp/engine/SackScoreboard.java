package io.fsmgen.tcp.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sender's record of what a SACK-capable receiver holds beyond SND.UNA: RFC 6675 §3's scoreboard, with its
 * IsLost() and SetPipe() (§4). Positions are 64-bit offsets in the sender's byte stream, which never wrap; the caller
 * converts sequence numbers at the edge, as {@link ReceiveBuffer} does.
 *
 * <p>Blocks are merged as they arrive and forgotten once SND.UNA passes them. Nothing here trusts a peer: a block
 * outside what was sent is the caller's to refuse before it gets here.
 */
public final class SackScoreboard {

    /** SACKed ranges, start to end (exclusive), disjoint and never touching. */
    private final TreeMap<Long, Long> sacked = new TreeMap<>();

    /** Records that the receiver holds {@code [start, end)}; returns how many bytes were not SACKed before. */
    public long add(long start, long end) {
        if (end <= start) {
            return 0;
        }
        long newlySacked = (end - start) - coveredWithin(start, end);
        long from = start;
        long to = end;
        Map.Entry<Long, Long> before = sacked.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            from = before.getKey();
            to = Math.max(to, before.getValue());
        }
        for (Map.Entry<Long, Long> after = sacked.ceilingEntry(from); after != null && after.getKey() <= to;
                after = sacked.ceilingEntry(from)) {
            to = Math.max(to, after.getValue());
            sacked.remove(after.getKey());
        }
        sacked.put(from, to);
        return newlySacked;
    }

    /** SACKed bytes inside {@code [start, end)}. */
    private long coveredWithin(long start, long end) {
        long covered = 0;
        Map.Entry<Long, Long> first = sacked.floorEntry(start);
        Long from = first != null && first.getValue() > start ? first.getKey() : sacked.ceilingKey(start);
        for (Map.Entry<Long, Long> block = from == null ? null : sacked.ceilingEntry(from);
                block != null && block.getKey() < end; block = sacked.higherEntry(block.getKey())) {
            covered += Math.min(end, block.getValue()) - Math.max(start, block.getKey());
        }
        return covered;
    }

    /** SND.UNA moved to {@code una}: what lies below it needs no record. */
    public void advanceTo(long una) {
        while (!sacked.isEmpty() && sacked.firstKey() < una) {
            Map.Entry<Long, Long> first = sacked.pollFirstEntry();
            if (first.getValue() > una) {
                sacked.put(una, first.getValue());
            }
        }
    }

    /** Forgets every block, as when a receiver may have reneged (RFC 2018 §8). */
    public void clear() {
        sacked.clear();
    }

    public boolean isEmpty() {
        return sacked.isEmpty();
    }

    public boolean isSacked(long position) {
        Map.Entry<Long, Long> block = sacked.floorEntry(position);
        return block != null && block.getValue() > position;
    }

    /** The first position at or after {@code from} that is not SACKed. */
    public long nextUnsacked(long from) {
        Map.Entry<Long, Long> block = sacked.floorEntry(from);
        return block != null && block.getValue() > from ? block.getValue() : from;
    }

    /** Where the next SACKed block after {@code from} starts, or {@link Long#MAX_VALUE} if none does. */
    public long nextSackedStart(long from) {
        Long next = sacked.higherKey(from);
        return next == null ? Long.MAX_VALUE : next;
    }

    /** The highest position below {@code end} that is not SACKed ({@code end - 1} unless a block reaches it). */
    public long lastUnsackedBefore(long end) {
        Map.Entry<Long, Long> block = sacked.floorEntry(end - 1);
        return block != null && block.getValue() > end - 1 ? block.getKey() - 1 : end - 1;
    }

    /** The end of the highest SACKed block, or {@link Long#MIN_VALUE} when nothing is SACKed. */
    public long highestSacked() {
        return sacked.isEmpty() ? Long.MIN_VALUE : sacked.lastEntry().getValue();
    }

    /**
     * RFC 6675's IsLost() as one boundary: an unSACKed position below it has at least {@code dupThresh} SACKed
     * segments, or more than {@code (dupThresh - 1) · smss} SACKed bytes, above it, and counts as lost; none above
     * does. {@link Long#MIN_VALUE} when nothing is lost. Segments are counted as {@code ceil(block / smss)}.
     */
    public long lossBoundary(long smss, int dupThresh) {
        long bytes = 0;
        long segments = 0;
        for (Map.Entry<Long, Long> block : sacked.descendingMap().entrySet()) {
            long length = block.getValue() - block.getKey();
            bytes += length;
            segments += (length + smss - 1) / smss;
            if (segments >= dupThresh || bytes > (dupThresh - 1) * smss) {
                return block.getKey();
            }
        }
        return Long.MIN_VALUE;
    }

    /**
     * RFC 6675's SetPipe(): the bytes between {@code una} and {@code highData} believed to be in the network, each
     * unSACKed byte counting once unless it is lost, and once more if it was retransmitted (below {@code highRxt}).
     */
    public long pipe(long una, long highData, long highRxt, long smss, int dupThresh) {
        long lostBelow = lossBoundary(smss, dupThresh);
        long pipe = 0;
        long position = una;
        while (position < highData) {
            long gapEnd = Math.min(highData, nextSackedStart(position));
            if (isSacked(position)) {
                position = nextUnsacked(position);
                continue;
            }
            long lost = Math.max(0, Math.min(gapEnd, lostBelow) - position);
            pipe += (gapEnd - position) - lost;
            pipe += Math.max(0, Math.min(gapEnd, highRxt) - position);
            position = gapEnd;
        }
        return pipe;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("SACKed");
        sacked.forEach((start, end) -> out.append(" [").append(start).append(',').append(end).append(')'));
        return out.toString();
    }
}
