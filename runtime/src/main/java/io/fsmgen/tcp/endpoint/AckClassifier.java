package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.SackBlock;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;
import java.util.List;

/**
 * What an acceptable ACK means for congestion control, read off the segment, the TCB before either is changed, and
 * (with SACK) what the ACK's blocks added to the scoreboard: the arithmetic half, so that {@link CongestionSpec}'s
 * table sees only {@link AckEvent}s. Pure, like {@link SegmentClassifier}.
 */
final class AckClassifier {

    private AckClassifier() {
    }

    /**
     * The event for {@code segment} arriving on a connection whose SYN is acknowledged, or null when it means nothing
     * here: it acknowledges nothing new and is not a duplicate ACK. A duplicate has data outstanding, no data, neither
     * SYN nor FIN, and SEG.ACK = SND.UNA; without SACK its window is unchanged (RFC 5681 §2), with SACK it SACKs new
     * data (RFC 6675 §2).
     *
     * @param newlySacked whether the ACK's SACK blocks covered data not SACKed before
     * @param headLost    whether, after them, RFC 6675's IsLost holds for the first unacknowledged byte
     */
    static AckEvent classify(Segment segment, Tcb tcb, CongestionSpec congestion, boolean newlySacked,
            boolean headLost) {
        int ack = segment.ack();
        if (SeqNum.lt(tcb.sndUna(), ack)) {
            RecoveryState state = congestion.state();
            boolean recovering = state == RecoveryState.FAST_RECOVERY || state == RecoveryState.LOSS;
            return recovering && congestion.belowRecover(ack) ? AckEvent.PARTIAL_ACK : AckEvent.NEW_ACK;
        }
        boolean sack = congestion.sack();
        boolean duplicate = ack == tcb.sndUna() && tcb.sndNxt() != tcb.sndUna() && segment.payloadLength() == 0
                && !segment.has(TcpFlag.SYN) && !segment.has(TcpFlag.FIN)
                && (sack ? newlySacked : tcb.windowOf(segment) == tcb.sndWnd());
        if (!duplicate) {
            return null;
        }
        int count = congestion.duplicateAcks() + 1;
        boolean threshold = sack ? count >= CongestionSpec.DUP_THRESH || headLost : count == CongestionSpec.DUP_THRESH;
        return threshold ? AckEvent.DUP_THRESHOLD : AckEvent.DUP_ACK;
    }

    /**
     * RFC 2883: whether the ACK reports a segment received twice (a D-SACK), its first SACK block lying below SEG.ACK
     * or inside the second. RACK grows its reordering window on it, and it tells a tail loss probe that was not needed.
     */
    static boolean duplicateSack(Segment segment) {
        List<SackBlock> blocks = segment.options().sackBlocks();
        if (blocks.isEmpty()) {
            return false;
        }
        SackBlock first = blocks.get(0);
        return SeqNum.lt(first.left(), segment.ack()) || blocks.size() > 1
                && SeqNum.le(blocks.get(1).left(), first.left()) && SeqNum.le(first.right(), blocks.get(1).right());
    }
}
