package io.fsmgen.examples.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.ManualScheduler;
import io.fsmgen.TransitionFailure;
import io.fsmgen.TransitionFailure.Phase;
import io.fsmgen.tcp.TcpEffect;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiled TcpSpec extended from this module with an error path: a failing effects sink closes the connection. */
class FailSafeTcpTest {

    private final ManualScheduler clock = new ManualScheduler();
    private final List<TcpEffect> effects = new ArrayList<>();
    /** The segment whose sending fails, as a socket write would. */
    private TcpSegment failing;

    private final FailSafeTcpMachine machine = new FailSafeTcpMachine(TcpEffects.of(effect -> {
        if (effect instanceof TcpEffect.Send send && send.segment() == failing) {
            throw new UncheckedIOException(new java.io.IOException("network is down"));
        }
        effects.add(effect);
    }), clock);

    @Test
    void aFailingActionClosesTheConnectionAndTheHandlerHearsIt() {
        failing = TcpSegment.SYN;
        assertFalse(machine.fire(TcpEvent.ACTIVE_OPEN));
        assertEquals(TcpState.CLOSED, machine.state());
        TransitionFailure<TcpState, TcpEvent> failure = machine.failures.get(0);
        assertEquals(Phase.ACTION, failure.phase());
        assertEquals("sendSyn", failure.method());
        assertEquals(TcpState.CLOSED, failure.from());
        assertEquals(TcpEvent.ACTIVE_OPEN, failure.event());
        assertTrue(failure.cause() instanceof UncheckedIOException);
    }

    @Test
    void aFailureInTimeWaitStopsItsTimerInTheErrorState() {
        machine.restore(TcpState.TIME_WAIT);
        assertEquals(1, clock.pending(), "TIME_WAIT's timer armed by restore");
        failing = TcpSegment.ACK;
        assertFalse(machine.fire(TcpEvent.RCV_FIN), "the retransmitted FIN's ACK cannot be sent");
        assertEquals(TcpState.CLOSED, machine.state());
        assertEquals(0, clock.pending(), "TIME_WAIT's timer cancelled on the way to the error state");
        assertEquals(Phase.ACTION, machine.failures.get(0).phase());
        failing = null;
        assertTrue(machine.fire(TcpEvent.PASSIVE_OPEN), "the machine goes on from its error state");
        assertEquals(TcpState.LISTEN, machine.state());
    }
}
