package io.fsmgen.web.tcp;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEffect;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The segments a step sends, asked of the table itself: the step is replayed on a detached {@link TcpMachine} and
 * its send effects read back. A kernel socket shows only states; the machine says what went on the wire. Extended
 * state is not replayed, so where a row depends on it (RST in SYN_RECEIVED) the answer is the active open's.
 */
final class Segments {

    private final List<TcpEffect> effects = new ArrayList<>();
    private final TcpMachine replay = new TcpMachine(TcpEffects.of(effects::add), Scheduler.none());

    /** "SYN", "SYN+ACK", ... in order; empty for names that are not the TCP machine's, or a rejected event. */
    List<String> of(String from, String event) {
        Optional<TcpState> state = constant(TcpState.class, from);
        Optional<TcpEvent> tcpEvent = constant(TcpEvent.class, event);
        if (state.isEmpty() || tcpEvent.isEmpty()) {
            return List.of();
        }
        effects.clear();
        replay.restore(state.get());
        try {
            replay.fire(tcpEvent.get());
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

    private static String label(TcpSegment segment) {
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

    private static <T extends Enum<T>> Optional<T> constant(Class<T> type, String name) {
        for (T constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
