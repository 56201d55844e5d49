package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;

/**
 * What an acceptable ACK means for congestion control, read off the segment and the TCB before either is changed:
 * the arithmetic half, so that {@link CongestionSpec}'s table sees only {@link AckEvent}s. Pure, like
 * {@link SegmentClassifier}.
 */
final class AckClassifier {

    private AckClassifier() {
    }

    /**
     * The event for {@code segment} arriving on a connection whose SYN is acknowledged, or null when it means nothing
     * here: it acknowledges nothing new and is not a duplicate ACK as RFC 5681 §2 defines one (data outstanding, no
     * data, no SYN or FIN, SEG.ACK = SND.UNA, the advertised window unchanged).
     */
    static AckEvent classify(Segment segment, Tcb tcb, CongestionSpec congestion) {
        int ack = segment.ack();
        if (SeqNum.lt(tcb.sndUna(), ack)) {
            RecoveryState state = congestion.state();
            boolean recovering = state == RecoveryState.FAST_RECOVERY || state == RecoveryState.LOSS;
            return recovering && congestion.belowRecover(ack) ? AckEvent.PARTIAL_ACK : AckEvent.NEW_ACK;
        }
        boolean duplicate = ack == tcb.sndUna() && tcb.sndNxt() != tcb.sndUna() && segment.payloadLength() == 0
                && !segment.has(TcpFlag.SYN) && !segment.has(TcpFlag.FIN) && tcb.windowOf(segment) == tcb.sndWnd();
        if (!duplicate) {
            return null;
        }
        return congestion.duplicateAcks() + 1 == CongestionSpec.DUP_THRESH ? AckEvent.THIRD_DUP_ACK : AckEvent.DUP_ACK;
    }
}
