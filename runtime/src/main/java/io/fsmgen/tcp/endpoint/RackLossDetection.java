package io.fsmgen.tcp.endpoint;

/**
 * RACK, the time-based half of RFC 8985 (§6): a segment is deemed lost once a segment sent after it has been
 * delivered and more than a round trip plus a reordering window has passed since it was sent. Unlike the duplicate
 * threshold of RFC 5681 and RFC 6675 it needs no count of later segments, so it also catches a lost retransmission, a
 * loss near the end of a flight, and a loss in a window of two or three segments, without waiting for the RTO.
 *
 * <p>The steps of §6.2: every segment newly delivered (cumulatively or by SACK) updates the most recently sent
 * delivered segment and its RTT ({@link #delivered}, steps 1–3, reordering noticed on the way); the reordering
 * window follows from what was seen ({@link #updateWindow}, step 4, grown by D-SACK rounds); {@link #detectLosses}
 * marks what is late and says when the rest would be (step 5), which the caller arms as the reordering timer. On a
 * retransmission timeout §6.3 marks what is old enough ({@link #markLossesOnTimeout}).
 *
 * <p>Positions are the send side's 64-bit sequence-space offsets, times {@link System#nanoTime()}-style nanoseconds
 * of the endpoint's clock. The minimum RTT is the least over the connection's life (RFC 8985 allows any window;
 * Linux keeps five minutes). Single-threaded.
 */
final class RackLossDetection {

    /** Recoveries without a D-SACK after which a grown reordering window shrinks back (§6.2 step 4). */
    private static final int REORDER_WINDOW_PERSIST = 16;

    /** RACK.xmit_ts and RACK.end_seq: the most recently sent segment delivered so far; none before the first. */
    private long xmitNanos;
    private long endSeq;
    private boolean any;
    /** RACK.rtt: the RTT of that segment. */
    private long rttNanos;
    private long minRttNanos = Long.MAX_VALUE;
    /** RACK.fack: the highest end delivered. */
    private long fack = Long.MIN_VALUE;
    private boolean reorderingSeen;
    private int windowMultiplier = 1;
    private int windowPersist;
    /** The position that ends the current D-SACK round, or -1 when none is open. */
    private long dsackRoundEnd = -1;
    private long windowNanos;

    /**
     * §6.2 steps 1–3 for one segment newly delivered: ending at {@code end}, sent last at {@code sentNanos}. The ACK
     * of a segment that was retransmitted may be for its first copy: it is not taken when the ACK's echoed timestamp
     * predates the retransmission ({@code echoBeforeRetransmission}), nor when the round trip it implies is shorter
     * than any seen. Callers hand the segments over in ascending order of position.
     */
    void delivered(long sentNanos, long end, boolean retransmitted, boolean echoBeforeRetransmission, long now) {
        long rtt = now - sentNanos;
        if (end > fack) {
            fack = end;
        } else if (end < fack && !retransmitted) {
            reorderingSeen = true; // delivered below what was already delivered, without having been resent
        }
        if (retransmitted && (echoBeforeRetransmission || rtt < minRttNanos)) {
            return;
        }
        if (!retransmitted) {
            minRttNanos = Math.min(minRttNanos, Math.max(rtt, 0));
        }
        if (!any || sentAfter(sentNanos, end, xmitNanos, endSeq)) {
            any = true;
            xmitNanos = sentNanos;
            endSeq = end;
            rttNanos = rtt;
        }
    }

    /**
     * §6.2 step 4: the reordering window. Zero while no reordering has been seen and either a recovery is under way
     * or {@code sackedSegments} reach the duplicate threshold (RACK then acts as fast as the threshold would); else a
     * quarter of the minimum RTT, times one more for each round trip that brought a D-SACK (a spurious
     * retransmission: the window was too small), never above SRTT.
     *
     * @param sndUna      the first unacknowledged position, which closes a D-SACK round once past it
     * @param sndNxt      the position a D-SACK round started now would end at
     * @param dsack       whether the ACK carried a D-SACK block (RFC 2883)
     * @param exiting     whether the ACK ends a fast recovery or a recovery from a timeout
     * @param recovering  whether a recovery is under way
     */
    void updateWindow(long sndUna, long sndNxt, boolean dsack, boolean exiting, boolean recovering,
            int sackedSegments, long srttNanos) {
        if (dsackRoundEnd >= 0 && sndUna >= dsackRoundEnd) {
            dsackRoundEnd = -1;
        }
        if (dsackRoundEnd < 0 && dsack) {
            dsackRoundEnd = sndNxt;
            windowMultiplier++;
            windowPersist = REORDER_WINDOW_PERSIST;
        } else if (exiting && --windowPersist <= 0) {
            windowMultiplier = 1;
        }
        if (!reorderingSeen && (recovering || sackedSegments >= CongestionSpec.DUP_THRESH)) {
            windowNanos = 0;
        } else if (minRttNanos == Long.MAX_VALUE) {
            windowNanos = 0;
        } else {
            windowNanos = Math.min(windowMultiplier * minRttNanos / 4, Math.max(srttNanos, 0));
        }
    }

    /**
     * §6.2 step 5: marks lost every segment still in the network that was sent before the most recently sent
     * delivered one and is older than RACK.rtt plus the reordering window; returns how long until the next of the rest
     * would be (0 when none waits), for the reordering timer. Segments deemed lost and not resent since are skipped:
     * they wait for their retransmission.
     *
     * @return nanoseconds until the next segment may be deemed lost, 0 if none is waiting
     */
    long detectLosses(SentSegments sent, long now) {
        if (!any) {
            return 0;
        }
        long lostAfter = rttNanos + windowNanos;
        long timeout = 0;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.has(i, SentSegments.SACKED)
                    || (sent.has(i, SentSegments.LOST) && !sent.has(i, SentSegments.RETRANSMITTED))) {
                continue;
            }
            long sentAt = sent.xmitNanos(i);
            if (!sentAfter(xmitNanos, endSeq, sentAt, sent.end(i))) {
                if (sent.retransmittedRecords() == 0) {
                    break; // never resent, so in transmission order: every later one was sent later still
                }
                continue;
            }
            long remaining = sentAt + lostAfter - now;
            if (remaining <= 0) {
                sent.markLost(i);
            } else {
                timeout = Math.max(timeout, remaining);
            }
        }
        return timeout;
    }

    /**
     * §6.3, on a retransmission timeout: the first unacknowledged segment is lost, and so is every other one sent
     * longer than RACK.rtt plus the reordering window ago; what was sent since may still arrive.
     */
    void markLossesOnTimeout(SentSegments sent, long now) {
        long deadline = now - rttNanos - windowNanos;
        for (int i = 0; i < sent.size(); i++) {
            if (i == 0 || !any || sent.xmitNanos(i) - deadline <= 0) {
                sent.markLost(i);
            }
        }
    }

    /** RACK_sent_after: whether t1/seq1 was sent after t2/seq2, the end breaking a tie in time. */
    private static boolean sentAfter(long t1, long seq1, long t2, long seq2) {
        return t1 - t2 > 0 || (t1 == t2 && seq1 > seq2);
    }
}
