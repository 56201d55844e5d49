package io.fsmgen.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpHarness.Outcome;
import io.fsmgen.tcp.TcpHarness.Situation;
import io.fsmgen.tcp.TcpHarness.Variant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every (state, event) pair of the base machine against the hand-written table {@link TcpExpectedOutcomes}. */
class TcpCompletenessTest {

    private static final Map<Situation, Map<TcpEvent, Outcome>> EXPECTED =
            TcpExpectedOutcomes.parse(TcpExpectedOutcomes.TABLE);

    @Test
    void expected_table_covers_every_state_and_event() {
        Set<TcpState> states = EnumSet.noneOf(TcpState.class);
        for (Situation situation : Situation.values()) {
            states.add(situation.state);
            assertEquals(EnumSet.allOf(TcpEvent.class), EnumSet.copyOf(EXPECTED.get(situation).keySet()),
                    () -> "events listed for " + situation);
        }
        assertEquals(EnumSet.allOf(TcpState.class), states);
        assertEquals(TcpState.values().length + 1, EXPECTED.size(), "SYN_RECEIVED is listed once per origin");
    }

    @Test
    void every_state_and_event_matches_the_expected_table() {
        List<String> mismatches = new ArrayList<>();
        int pairs = 0;
        for (Situation situation : Situation.values()) {
            for (TcpEvent event : TcpEvent.values()) {
                Outcome expected = EXPECTED.get(situation).get(event);
                Outcome actual = TcpHarness.outcome(situation, Variant.BASE, event);
                pairs++;
                if (!expected.equals(actual)) {
                    mismatches.add(situation + " " + event + ": expected " + expected + " but was " + actual);
                }
            }
        }
        assertEquals(12 * 21, pairs);
        assertEquals(List.of(), mismatches, () -> String.join("\n", mismatches));
    }

    @Test
    void every_pair_is_decided_so_fire_never_throws() {
        for (Situation situation : Situation.values()) {
            for (TcpEvent event : TcpEvent.values()) {
                TcpHarness.Run run = TcpHarness.in(situation);
                assertTrue(run.machine.fire(event), situation + " " + event);
            }
        }
    }

    @Test
    void detached_machine_starts_closed_and_drops_effects() {
        TcpMachine machine = new TcpMachine();
        assertEquals(TcpState.CLOSED, machine.state());
        assertTrue(machine.fire(TcpEvent.ACTIVE_OPEN));
        assertTrue(machine.fire(TcpEvent.RCV_SYN_ACK));
        assertTrue(machine.fire(TcpEvent.CLOSE));
        assertTrue(machine.fire(TcpEvent.RCV_FIN_ACK));
        assertEquals(TcpState.TIME_WAIT, machine.state());
        // No timer is armed: the detached machine stays in TIME_WAIT until TIMEOUT is fired by hand.
        assertTrue(machine.fire(TcpEvent.TIMEOUT));
        assertEquals(TcpState.CLOSED, machine.state());
    }

    @Test
    void synchronized_states_are_established_and_after() {
        assertEquals(EnumSet.of(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT,
                        TcpState.CLOSING, TcpState.LAST_ACK, TcpState.TIME_WAIT),
                EnumSet.copyOf(java.util.Arrays.stream(TcpState.values()).filter(TcpState::synchronizedState)
                        .collect(java.util.stream.Collectors.toList())));
    }

    @Test
    void the_default_time_wait_is_sixty_seconds() {
        assertEquals(java.time.Duration.ofSeconds(60), TcpConfig.DEFAULT.timeWait());
        assertEquals(java.time.Duration.ofMinutes(4), TcpConfig.RFC_9293.timeWait());
        assertEquals(java.time.Duration.ofSeconds(20), TcpConfig.withMsl(java.time.Duration.ofSeconds(10)).timeWait());
    }

    @Test
    void effects_are_values_and_replay_on_a_sink() {
        List<TcpEffect> recorded = new ArrayList<>();
        TcpEffects sink = TcpEffects.of(recorded::add);
        List<TcpEffect> all = List.of(TcpEffect.send(TcpSegment.SYN), TcpEffect.retransmit(),
                TcpEffect.timeWaitStarted(java.time.Duration.ofSeconds(60)), TcpEffect.timeWaitStopped(),
                TcpEffect.signal(TcpSignal.RESET), TcpEffect.error("connection closing"));
        for (TcpEffect effect : all) {
            effect.applyTo(sink);
        }
        assertEquals(all, recorded);
        assertEquals(new TcpEffect.Send(TcpSegment.SYN), TcpEffect.send(TcpSegment.SYN));
        assertEquals("send CHALLENGE_ACK", TcpEffect.send(TcpSegment.CHALLENGE_ACK).toString());
        assertEquals("error: connection does not exist", TcpEffect.error("connection does not exist").toString());
    }
}
