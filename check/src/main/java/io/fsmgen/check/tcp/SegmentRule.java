package io.fsmgen.check.tcp;

import static io.fsmgen.check.tcp.Segments.ACK;
import static io.fsmgen.check.tcp.Segments.FIN;
import static io.fsmgen.check.tcp.Segments.RST;
import static io.fsmgen.check.tcp.Segments.SYN;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;

/**
 * The classification rule of the TCP model: which abstract segment becomes which {@link TcpEvent}, or is answered or
 * dropped by the engine before the machine sees it. It is the engine's {@code SegmentClassifier} (RFC 9293 §3.10.7,
 * RFC 5961) on abstract sequence numbers ({@link Segments}), in the same order; what the connection then does is
 * the machine's decision, never this rule's.
 *
 * <table>
 *   <caption>The rule, in the order it is applied</caption>
 *   <tr><th>State</th><th>Segment</th><th>Becomes</th></tr>
 *   <tr><td>CLOSED</td><td>RST / SYN / SYN,ACK / FIN / other ACK</td>
 *       <td>RCV_RST / RCV_SYN / RCV_SYN_ACK / RCV_FIN / RCV_ACK (the machine answers with a reset)</td></tr>
 *   <tr><td>LISTEN</td><td>RST; any ACK; SYN</td><td>RCV_RST; RCV_SYN_ACK, RCV_FIN or RCV_ACK; RCV_SYN</td></tr>
 *   <tr><td>SYN_SENT</td><td>an ACK not covering our SYN (0 &lt; ack =&lt; SND.NXT fails)</td>
 *       <td>dropped if RST, else RCV_ACK_UNACCEPTABLE</td></tr>
 *   <tr><td></td><td>RST with ACK; SYN,ACK; SYN; FIN; ACK</td>
 *       <td>RCV_RST; RCV_SYN_ACK; RCV_SYN (simultaneous open); RCV_FIN; RCV_ACK (a RST or segment without ACK:
 *       dropped)</td></tr>
 *   <tr><td>SYN_RECEIVED and synchronized</td><td>RST</td>
 *       <td>seq = RCV.NXT: RCV_RST; beyond it: a challenge ACK (RFC 5961 §3); before it: dropped</td></tr>
 *   <tr><td></td><td>in SYN_RECEIVED, the peer's SYN again (seq 0, no ACK)</td><td>RCV_SYN_RETRANSMITTED (A8)</td></tr>
 *   <tr><td></td><td>a segment before RCV.NXT (not a retransmitted FIN)</td>
 *       <td>answered with {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>} and dropped (Table 6); with SYN, that ACK is
 *       a challenge ACK, rate-limited</td></tr>
 *   <tr><td></td><td>SYN / SYN,ACK</td><td>RCV_SYN / RCV_SYN_ACK (in SYN_RECEIVED, one not acknowledging our SYN:
 *       RCV_ACK_UNACCEPTABLE)</td></tr>
 *   <tr><td></td><td>no ACK</td><td>dropped</td></tr>
 *   <tr><td></td><td>ack &gt; SND.NXT (or in SYN_RECEIVED, not our SYN)</td><td>RCV_ACK_UNACCEPTABLE</td></tr>
 *   <tr><td></td><td>FIN at RCV.NXT, or a retransmission of the FIN already held</td>
 *       <td>RCV_FIN_ACK when our FIN is out and the ack covers it, else RCV_FIN</td></tr>
 *   <tr><td></td><td>any other ACK</td>
 *       <td>RCV_ACK when, with SND.UNA, it covers everything sent (SND.NXT); else RCV_ACK_PARTIAL</td></tr>
 * </table>
 *
 * <p>A verdict is packed in an {@code int} ({@link #kind}, {@link #event}, {@link #takesFin}) so that classifying
 * allocates nothing.
 */
public final class SegmentRule {

    /** The segment is dropped silently. */
    public static final int DROP = 0;
    /** The segment becomes {@link #event} for the machine. */
    public static final int DELIVER = 1;
    /** The engine answers {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>} and drops it. */
    public static final int REPLY_ACK = 2;
    /** The engine answers with an RFC 5961 challenge ACK and drops it. */
    public static final int REPLY_CHALLENGE = 3;

    private static final TcpEvent[] EVENTS = TcpEvent.values();
    private static final int FIN_IN_ORDER = 1 << 8;

    private SegmentRule() {}

    public static int kind(int verdict) {
        return verdict & 3;
    }

    public static TcpEvent event(int verdict) {
        return EVENTS[(verdict >>> 2) & 31];
    }

    /** Whether the engine takes the segment's FIN into its receive sequence (RCV.NXT moves past it). */
    public static boolean takesFin(int verdict) {
        return (verdict & FIN_IN_ORDER) != 0;
    }

    private static int deliver(TcpEvent event) {
        return DELIVER | event.ordinal() << 2;
    }

    /**
     * Classifies {@code segment} arriving at a connection in {@code state} with the abstract TCB
     * ({@code sndUna}, {@code sndNxt}, {@code rcvNxt} as positions, see {@link Segments}).
     */
    public static int classify(int segment, TcpState state, int sndUna, int sndNxt, int rcvNxt) {
        boolean rst = Segments.has(segment, RST);
        boolean syn = Segments.has(segment, SYN);
        boolean ack = Segments.has(segment, ACK);
        boolean fin = Segments.has(segment, FIN);
        int ackNo = Segments.ack(segment);
        switch (state) {
            case CLOSED:
                if (rst) {
                    return deliver(TcpEvent.RCV_RST);
                }
                if (syn) {
                    return deliver(ack ? TcpEvent.RCV_SYN_ACK : TcpEvent.RCV_SYN);
                }
                return deliver(fin ? TcpEvent.RCV_FIN : TcpEvent.RCV_ACK);
            case LISTEN:
                if (rst) {
                    return deliver(TcpEvent.RCV_RST);
                }
                if (ack) {
                    return deliver(syn ? TcpEvent.RCV_SYN_ACK : fin ? TcpEvent.RCV_FIN : TcpEvent.RCV_ACK);
                }
                return syn ? deliver(TcpEvent.RCV_SYN) : DROP;
            case SYN_SENT:
                if (ack && !(0 < ackNo && ackNo <= sndNxt)) {
                    return rst ? DROP : deliver(TcpEvent.RCV_ACK_UNACCEPTABLE);
                }
                if (rst) {
                    return ack ? deliver(TcpEvent.RCV_RST) : DROP;
                }
                if (syn) {
                    return deliver(ack ? TcpEvent.RCV_SYN_ACK : TcpEvent.RCV_SYN);
                }
                if (!ack) {
                    return DROP;
                }
                return deliver(fin ? TcpEvent.RCV_FIN : TcpEvent.RCV_ACK);
            default:
                return synchronizedOrSynReceived(segment, state, sndUna, sndNxt, rcvNxt);
        }
    }

    private static int synchronizedOrSynReceived(int segment, TcpState state, int sndUna, int sndNxt, int rcvNxt) {
        boolean syn = Segments.has(segment, SYN);
        boolean ack = Segments.has(segment, ACK);
        boolean fin = Segments.has(segment, FIN);
        int seq = Segments.seq(segment);
        int ackNo = Segments.ack(segment);
        boolean peerFinHeld = state == TcpState.CLOSE_WAIT || state == TcpState.CLOSING
                || state == TcpState.LAST_ACK || state == TcpState.TIME_WAIT;
        boolean retransmittedFin = fin && peerFinHeld && seq + 1 == rcvNxt;

        if (Segments.has(segment, RST)) {
            return seq == rcvNxt ? deliver(TcpEvent.RCV_RST) : seq > rcvNxt ? REPLY_CHALLENGE : DROP;
        }
        if (state == TcpState.SYN_RECEIVED && syn && !ack && seq == 0) {
            return deliver(TcpEvent.RCV_SYN_RETRANSMITTED); // the peer's SYN again (A8)
        }
        if (!retransmittedFin) {
            boolean repeatedSynAck = state == TcpState.SYN_RECEIVED && syn && ack && seq == 0;
            int first = repeatedSynAck ? seq + 1 : seq;
            int length = Segments.length(segment) - (repeatedSynAck ? 1 : 0);
            boolean acceptable = length == 0 ? first >= rcvNxt : first + length - 1 >= rcvNxt;
            if (!acceptable) {
                return syn ? REPLY_CHALLENGE : REPLY_ACK; // a SYN's ACK is rate-limited, as Linux's
            }
        }
        boolean acknowledgesOurSyn = sndUna < ackNo && ackNo <= sndNxt;
        if (syn) {
            if (!ack) {
                return deliver(TcpEvent.RCV_SYN);
            }
            return state == TcpState.SYN_RECEIVED && !acknowledgesOurSyn
                    ? deliver(TcpEvent.RCV_ACK_UNACCEPTABLE) : deliver(TcpEvent.RCV_SYN_ACK);
        }
        if (!ack) {
            return DROP;
        }
        if (state == TcpState.SYN_RECEIVED ? !acknowledgesOurSyn : ackNo > sndNxt) {
            return deliver(TcpEvent.RCV_ACK_UNACCEPTABLE);
        }
        boolean coversAll = Math.max(ackNo, sndUna) == sndNxt;
        if (fin) {
            boolean inOrder = !peerFinHeld && seq == rcvNxt;
            if (inOrder || retransmittedFin) {
                boolean ourFinSent = sndNxt == 2;
                return deliver(ourFinSent && coversAll ? TcpEvent.RCV_FIN_ACK : TcpEvent.RCV_FIN)
                        | (inOrder ? FIN_IN_ORDER : 0);
            }
        }
        return deliver(coversAll ? TcpEvent.RCV_ACK : TcpEvent.RCV_ACK_PARTIAL);
    }
}
