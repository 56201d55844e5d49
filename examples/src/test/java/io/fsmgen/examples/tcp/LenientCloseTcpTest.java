package io.fsmgen.examples.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEffect;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The variant differs from the base machine in exactly the two cells it overrides, and nowhere else. */
class LenientCloseTcpTest {

    /** What one event does from one state: the next state, the effects, or the rejection. */
    private record Outcome(TcpState next, List<TcpEffect> effects, String rejected) {}

    @Test
    void differsFromTheBaseMachineOnlyWhereItSaysSo() {
        List<String> differences = new ArrayList<>();
        for (TcpState state : TcpState.values()) {
            for (TcpEvent event : TcpEvent.values()) {
                Outcome base = outcome(false, state, event);
                Outcome lenient = outcome(true, state, event);
                if (!base.equals(lenient)) {
                    differences.add(state + " " + event);
                }
            }
        }
        assertEquals(List.of("FIN_WAIT_1 CLOSE", "FIN_WAIT_2 CLOSE"), differences);
    }

    @Test
    void closeInFinWaitIsOkAndSendsNothing() {
        Outcome base = outcome(false, TcpState.FIN_WAIT_2, TcpEvent.CLOSE);
        Outcome lenient = outcome(true, TcpState.FIN_WAIT_2, TcpEvent.CLOSE);
        assertEquals(List.of(new TcpEffect.Error("connection closing")), base.effects());
        assertEquals(new Outcome(TcpState.FIN_WAIT_2, List.of(), null), lenient);
    }

    private static Outcome outcome(boolean lenient, TcpState state, TcpEvent event) {
        List<TcpEffect> effects = new ArrayList<>();
        TcpEffects sink = TcpEffects.of(effects::add);
        io.fsmgen.Machine<TcpState, TcpEvent> machine = lenient
                ? new LenientCloseTcpMachine(sink, Scheduler.none())
                : new TcpMachine(sink, Scheduler.none());
        machine.restore(state);
        effects.clear();
        try {
            machine.fire(event);
            return new Outcome(machine.state(), List.copyOf(effects), null);
        } catch (IllegalStateException rejected) {
            return new Outcome(machine.state(), List.copyOf(effects), Objects.toString(rejected.getMessage()));
        }
    }
}
