package io.fsmgen.examples.timeline;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEffect;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;
import java.util.ArrayList;
import java.util.List;

/**
 * Which segments a step implies, asked of the table itself: the step is replayed on a detached {@link TcpMachine}
 * and its send effects are read back. A kernel socket shows only the states; the machine says what went on the wire.
 *
 * <p>Extended state is not replayed, so where a row depends on it (a RST in SYN_RECEIVED, which depends on whether
 * the connection was opened passively) the answer is the active-open row's.
 */
public final class ImpliedSegments {

    private final List<TcpEffect> effects = new ArrayList<>();
    private final TcpMachine replay = new TcpMachine(TcpEffects.of(effects::add), Scheduler.none());

    /** The segments the machine sends when {@code event} arrives in {@code from}, as a person writes them. */
    public List<String> of(TcpState from, TcpEvent event) {
        effects.clear();
        replay.restore(from);
        try {
            replay.fire(event);
        } catch (IllegalStateException rejected) {
            return List.of();
        }
        List<String> segments = new ArrayList<>();
        for (TcpEffect effect : effects) {
            if (effect instanceof TcpEffect.Send send) {
                segments.add(label(send.segment()));
            }
        }
        return segments;
    }

    static String label(TcpSegment segment) {
        return switch (segment) {
            case SYN -> "SYN";
            case SYN_ACK -> "SYN+ACK";
            case ACK -> "ACK";
            case DATA -> "data";
            case FIN -> "FIN";
            case RST -> "RST";
            case RST_ACK -> "RST+ACK";
            case CHALLENGE_ACK -> "ACK (challenge)";
        };
    }
}
