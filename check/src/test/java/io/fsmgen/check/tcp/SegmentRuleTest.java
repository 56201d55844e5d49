package io.fsmgen.check.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.SegmentClassifier;
import io.fsmgen.tcp.endpoint.Verdict;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model's classification rule agrees with the engine's {@link SegmentClassifier}, the one the real user-space
 * endpoint runs: every abstract segment the model can produce, in every state, with every abstract TCB that state can
 * have, is translated into concrete numbers (ISS 1000, IRS 5000, a wide window) and classified by both.
 */
class SegmentRuleTest {

    private static final int ISS = 1000;
    private static final int IRS = 5000;

    @Test
    void test_every_state_every_segment_agreesWithTheEngine() {
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (TcpState state : TcpState.values()) {
            for (int[] tcb : tcbs(state)) {
                for (int segment : segments()) {
                    String model = modelVerdict(segment, state, tcb);
                    String engine = engineVerdict(segment, state, tcb);
                    compared++;
                    if (!model.equals(engine)) {
                        disagreements.add(state + " una=" + tcb[0] + " nxt=" + tcb[1] + " rcv=" + tcb[2] + " "
                                + Segments.label(segment) + ": model " + model + ", engine " + engine);
                    }
                }
            }
        }
        assertTrue(compared > 500, "compared " + compared);
        assertEquals(List.of(), disagreements);
    }

    @Test
    void test_ESTABLISHED_RCV_SYN_inTheWindowIsASyn() {
        int verdict = SegmentRule.classify(Segments.of(Segments.SYN, 1, 0, 0), TcpState.ESTABLISHED, 1, 1, 1);
        assertEquals(SegmentRule.DELIVER, SegmentRule.kind(verdict));
        assertEquals(io.fsmgen.tcp.TcpEvent.RCV_SYN, SegmentRule.event(verdict));
    }

    @Test
    void test_TIME_WAIT_RCV_ACK_old_isAnsweredWithAnAck() {
        // An ACK of our FIN's predecessor arriving late: before RCV.NXT, so Table 6 answers it (RFC 1337's start).
        int verdict = SegmentRule.classify(Segments.of(Segments.ACK, 1, 2, 0), TcpState.TIME_WAIT, 2, 2, 2);
        assertEquals(SegmentRule.REPLY_ACK, SegmentRule.kind(verdict));
    }

    /** Every segment the model sends: SYN, SYN,ACK, ACK, FIN,ACK, RST, RST,ACK with every seq and ack. */
    private static List<Integer> segments() {
        int[] flags = {Segments.SYN, Segments.SYN | Segments.ACK, Segments.ACK, Segments.FIN | Segments.ACK,
            Segments.RST, Segments.RST | Segments.ACK};
        List<Integer> all = new ArrayList<>();
        for (int flag : flags) {
            for (int seq = 0; seq <= 2; seq++) {
                for (int ack = 0; ack <= 2; ack++) {
                    if ((flag & Segments.ACK) == 0 && ack != 0) {
                        continue;
                    }
                    all.add(Segments.of(flag, seq, ack, 0));
                }
            }
        }
        return all;
    }

    /** The abstract (SND.UNA, SND.NXT, RCV.NXT) a connection in {@code state} can have. */
    private static List<int[]> tcbs(TcpState state) {
        List<int[]> all = new ArrayList<>();
        switch (state) {
            case CLOSED, LISTEN -> all.add(new int[] {0, 0, 0});
            case SYN_SENT -> all.add(new int[] {0, 1, 0});
            case SYN_RECEIVED -> {
                all.add(new int[] {0, 1, 1});
                all.add(new int[] {0, 2, 1}); // closed in SYN_RECEIVED: FIN sent... stays until ACK
            }
            case ESTABLISHED -> all.add(new int[] {1, 1, 1});
            case FIN_WAIT_1 -> {
                all.add(new int[] {1, 2, 1});
                all.add(new int[] {0, 2, 1});
            }
            case FIN_WAIT_2 -> all.add(new int[] {2, 2, 1});
            case CLOSE_WAIT -> all.add(new int[] {1, 1, 2});
            case CLOSING -> all.add(new int[] {1, 2, 2});
            case LAST_ACK -> all.add(new int[] {1, 2, 2});
            case TIME_WAIT -> all.add(new int[] {2, 2, 2});
        }
        return all;
    }

    private static String modelVerdict(int segment, TcpState state, int[] tcb) {
        int verdict = SegmentRule.classify(segment, state, tcb[0], tcb[1], tcb[2]);
        return switch (SegmentRule.kind(verdict)) {
            case SegmentRule.DROP -> "drop";
            case SegmentRule.REPLY_ACK -> "reply ACK";
            case SegmentRule.REPLY_CHALLENGE -> "reply challenge ACK";
            default -> SegmentRule.event(verdict) + (SegmentRule.takesFin(verdict) ? " taking the FIN" : "");
        };
    }

    private static String engineVerdict(int segment, TcpState state, int[] abstractTcb) {
        Tcb tcb = new Tcb();
        tcb.initSend(ISS);
        tcb.sndUna(ISS + abstractTcb[0]);
        tcb.sndNxt(ISS + abstractTcb[1]);
        if (abstractTcb[2] > 0) {
            tcb.initReceive(IRS);
            tcb.rcvNxt(IRS + abstractTcb[2]);
        }
        tcb.rcvWnd(8192);
        tcb.forceSendWindow(Segment.builder(80, 1234).seq(IRS).ack(ISS).flags(TcpFlag.ACK).window(8192).build());
        Segment concrete = concrete(segment);
        boolean ourFinSent = abstractTcb[1] == 2;
        Verdict verdict = SegmentClassifier.classify(concrete, state, tcb, ourFinSent);
        if (verdict instanceof Verdict.Deliver deliver) {
            return deliver.event() + (deliver.finInOrder() ? " taking the FIN" : "");
        }
        if (verdict instanceof Verdict.Reply reply) {
            if (reply.reply().has(TcpFlag.RST)) {
                return "reply RST";
            }
            return reply.challenge() ? "reply challenge ACK" : "reply ACK";
        }
        return "drop";
    }

    private static Segment concrete(int segment) {
        List<TcpFlag> flags = new ArrayList<>();
        if (Segments.has(segment, Segments.SYN)) {
            flags.add(TcpFlag.SYN);
        }
        if (Segments.has(segment, Segments.ACK)) {
            flags.add(TcpFlag.ACK);
        }
        if (Segments.has(segment, Segments.FIN)) {
            flags.add(TcpFlag.FIN);
        }
        if (Segments.has(segment, Segments.RST)) {
            flags.add(TcpFlag.RST);
        }
        Segment.Builder builder = Segment.builder(80, 1234).seq(IRS + Segments.seq(segment))
                .flags(flags.toArray(TcpFlag[]::new)).window(8192);
        if (Segments.has(segment, Segments.ACK)) {
            builder.ack(ISS + Segments.ack(segment));
        }
        return builder.build();
    }
}
