package io.fsmgen.tcp;

import static io.fsmgen.tcp.TcpEvent.*;
import static io.fsmgen.tcp.TcpHarness.error;
import static io.fsmgen.tcp.TcpHarness.send;
import static io.fsmgen.tcp.TcpHarness.signal;
import static io.fsmgen.tcp.TcpHarness.twStarted;
import static io.fsmgen.tcp.TcpHarness.twStopped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.ManualScheduler;
import io.fsmgen.TransitionListener;
import io.fsmgen.tcp.TcpHarness.Run;
import io.fsmgen.tcp.TcpHarness.Situation;
import io.fsmgen.tcp.TcpHarness.Variant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole connections at machine level, through the RFC's figures. */
class TcpLifecycleTest {

    /** Records the visited states through a listener. */
    private static List<TcpState> trace(Run run) {
        List<TcpState> states = new ArrayList<>();
        states.add(run.state());
        run.machine.addListener(new TransitionListener<>() {
            @Override
            public void transitioned(TcpState from, TcpEvent event, TcpState to) {
                if (from != to) {
                    states.add(to);
                }
            }
        });
        return states;
    }

    @Test
    void client_active_close_lingers_in_time_wait_then_closes_on_timeout() {
        Run run = new Run(Variant.BASE);
        List<TcpState> states = trace(run);
        run.fire(ACTIVE_OPEN, RCV_SYN_ACK, SEND, CLOSE, RCV_ACK, RCV_FIN);
        assertEquals(TcpState.TIME_WAIT, run.state());
        run.fire(TIMEOUT);
        assertEquals(List.of(TcpState.CLOSED, TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, TcpState.CLOSED), states);
        assertEquals(List.of(send(TcpSegment.SYN), send(TcpSegment.ACK), signal(TcpSignal.CONNECTED),
                send(TcpSegment.DATA), send(TcpSegment.FIN), send(TcpSegment.ACK), signal(TcpSignal.CLOSING),
                twStarted()), run.take());
    }

    @Test
    void client_active_close_time_wait_expires_after_sixty_seconds_of_virtual_time() {
        ManualScheduler clock = new ManualScheduler();
        List<TcpEffect> effects = new ArrayList<>();
        TcpMachine machine = new TcpMachine(TcpEffects.of(effects::add), clock);
        for (TcpEvent event : List.of(ACTIVE_OPEN, RCV_SYN_ACK, CLOSE, RCV_ACK, RCV_FIN)) {
            machine.fire(event);
        }
        assertEquals(TcpState.TIME_WAIT, machine.state());
        assertEquals(1, clock.pending());
        assertEquals(Duration.ofSeconds(60), clock.nextDelay().orElseThrow());

        clock.advance(Duration.ofSeconds(59));
        assertEquals(TcpState.TIME_WAIT, machine.state());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(TcpState.CLOSED, machine.state());
        assertEquals(0, clock.pending());
        assertEquals(twStarted(), effects.get(effects.size() - 1), "expiry is not reported as a stop");
    }

    @Test
    void retransmitted_fin_in_time_wait_restarts_the_two_msl_timer() {
        ManualScheduler clock = new ManualScheduler();
        List<TcpEffect> effects = new ArrayList<>();
        TcpMachine machine = new TcpMachine(TcpEffects.of(effects::add), clock);
        for (TcpEvent event : List.of(ACTIVE_OPEN, RCV_SYN_ACK, CLOSE, RCV_FIN_ACK)) {
            machine.fire(event);
        }
        clock.advance(Duration.ofSeconds(40));
        effects.clear();
        machine.fire(RCV_FIN);
        assertEquals(List.of(twStopped(), send(TcpSegment.ACK), twStarted()), effects);
        assertEquals(1, clock.pending());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(TcpState.TIME_WAIT, machine.state(), "restarted at 40 s, so still lingering at 99 s");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(TcpState.CLOSED, machine.state());
    }

    @Test
    void msl_is_configurable() {
        ManualScheduler clock = new ManualScheduler();
        List<TcpEffect> effects = new ArrayList<>();
        TcpMachine machine = new TcpMachine(TcpEffects.of(effects::add), clock, TcpConfig.RFC_9293);
        for (TcpEvent event : List.of(ACTIVE_OPEN, RCV_SYN_ACK, CLOSE, RCV_FIN_ACK)) {
            machine.fire(event);
        }
        assertTrue(effects.contains(new TcpEffect.TimeWaitStarted(Duration.ofMinutes(4))));
        clock.advance(Duration.ofSeconds(239));
        assertEquals(TcpState.TIME_WAIT, machine.state());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(TcpState.CLOSED, machine.state());
    }

    @Test
    void leaving_time_wait_early_cancels_the_timer() {
        ManualScheduler clock = new ManualScheduler();
        TcpMachine machine = new TcpMachine(TcpEffects.NONE, clock);
        for (TcpEvent event : List.of(ACTIVE_OPEN, RCV_SYN_ACK, CLOSE, RCV_FIN_ACK, RCV_RST)) {
            machine.fire(event);
        }
        assertEquals(TcpState.CLOSED, machine.state());
        assertEquals(0, clock.pending());
        assertEquals(0, clock.advance(Duration.ofMinutes(5)));
    }

    @Test
    void restoring_time_wait_arms_the_timer_without_entry_effects() {
        ManualScheduler clock = new ManualScheduler();
        List<TcpEffect> effects = new ArrayList<>();
        TcpMachine machine = new TcpMachine(TcpEffects.of(effects::add), clock);
        machine.restore(TcpState.TIME_WAIT);
        assertEquals(TcpState.TIME_WAIT, machine.state());
        assertEquals(List.of(), effects, "restore runs no entry action");
        assertEquals(1, clock.pending());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(TcpState.CLOSED, machine.state());
    }

    @Test
    void server_passive_open_then_close_wait_last_ack_closed() {
        Run run = new Run(Variant.BASE);
        List<TcpState> states = trace(run);
        run.fire(PASSIVE_OPEN, RCV_SYN, RCV_ACK, RECEIVE, RCV_FIN, SEND, CLOSE, RCV_ACK);
        assertEquals(List.of(TcpState.CLOSED, TcpState.LISTEN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED,
                TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.CLOSED), states);
        assertEquals(List.of(send(TcpSegment.SYN_ACK), signal(TcpSignal.CONNECTED), send(TcpSegment.ACK),
                signal(TcpSignal.CLOSING), send(TcpSegment.DATA), send(TcpSegment.FIN)), run.take());
        assertFalse(run.spec.passive(), "the TCB was deleted");
    }

    @Test
    void simultaneous_open_both_sides_go_through_syn_received() {
        // RFC 9293 §3.5 Figure 7: each side sends SYN, receives the other's SYN, then the other's SYN+ACK.
        Run a = new Run(Variant.BASE);
        Run b = new Run(Variant.BASE);
        List<TcpState> statesA = trace(a);
        a.fire(ACTIVE_OPEN);
        b.fire(ACTIVE_OPEN);
        a.fire(RCV_SYN);
        b.fire(RCV_SYN);
        assertFalse(a.spec.passive(), "MUST-11: reached from an active OPEN");
        a.fire(RCV_SYN_ACK);
        b.fire(RCV_SYN_ACK);
        assertEquals(TcpState.ESTABLISHED, a.state());
        assertEquals(TcpState.ESTABLISHED, b.state());
        assertEquals(List.of(TcpState.CLOSED, TcpState.SYN_SENT, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED),
                statesA);
        assertEquals(List.of(send(TcpSegment.SYN), send(TcpSegment.SYN_ACK), signal(TcpSignal.CONNECTED)),
                a.take());
    }

    @Test
    void simultaneous_close_goes_through_closing() {
        // RFC 9293 §3.6 Figure 13.
        Run run = TcpHarness.in(Situation.ESTABLISHED);
        List<TcpState> states = trace(run);
        run.fire(CLOSE, RCV_FIN, RCV_ACK, TIMEOUT);
        assertEquals(List.of(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.CLOSING, TcpState.TIME_WAIT,
                TcpState.CLOSED), states);
        assertEquals(List.of(send(TcpSegment.FIN), send(TcpSegment.ACK), signal(TcpSignal.CLOSING), twStarted()),
                run.take());
    }

    @Test
    void fin_ack_shortcut_from_fin_wait_1_to_time_wait() {
        // Figure 5 note 2: the peer's FIN also acknowledges ours.
        Run run = TcpHarness.in(Situation.ESTABLISHED);
        List<TcpState> states = trace(run);
        run.fire(CLOSE, RCV_FIN_ACK);
        assertEquals(List.of(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.TIME_WAIT), states);
    }

    @Test
    void rst_in_every_state() {
        for (Situation situation : Situation.values()) {
            Run run = TcpHarness.in(situation);
            run.fire(RCV_RST);
            TcpState expected;
            switch (situation) {
                case CLOSED:
                case LISTEN:
                    expected = situation.state; // T07, T14: ignored
                    break;
                case SYN_RECEIVED_PASSIVE:
                    expected = TcpState.LISTEN; // T32
                    break;
                default:
                    expected = TcpState.CLOSED;
            }
            assertEquals(expected, run.state(), situation::toString);
            List<TcpEffect> effects = run.take();
            assertFalse(effects.stream().anyMatch(e -> e instanceof TcpEffect.Send), "never answer a RST: " + situation);
        }
    }

    @Test
    void rst_in_syn_received_remembers_the_origin_across_reuse() {
        Run run = new Run(Variant.BASE);
        run.fire(PASSIVE_OPEN, RCV_SYN, RCV_RST);
        assertEquals(TcpState.LISTEN, run.state());
        run.fire(RCV_SYN, RCV_RST);
        assertEquals(TcpState.LISTEN, run.state(), "still passive on the second attempt");
        run.fire(CLOSE);
        run.take();
        run.fire(ACTIVE_OPEN, RCV_SYN, RCV_RST);
        assertEquals(TcpState.CLOSED, run.state());
        assertEquals(List.of(send(TcpSegment.SYN), send(TcpSegment.SYN_ACK), signal(TcpSignal.REFUSED)), run.take());
    }

    @Test
    void active_open_from_listen_makes_syn_received_active() {
        Run run = new Run(Variant.BASE);
        run.fire(PASSIVE_OPEN, ACTIVE_OPEN, RCV_SYN);
        assertEquals(TcpState.SYN_RECEIVED, run.state());
        assertFalse(run.spec.passive());
        run.fire(RCV_RST);
        assertEquals(TcpState.CLOSED, run.state());
    }

    @Test
    void user_calls_rejected_in_closed() {
        Run run = new Run(Variant.BASE);
        run.fire(SEND, RECEIVE, CLOSE, ABORT);
        assertEquals(TcpState.CLOSED, run.state());
        String text = "connection does not exist";
        assertEquals(List.of(error(text), error(text), error(text), error(text)), run.take());
    }
}
