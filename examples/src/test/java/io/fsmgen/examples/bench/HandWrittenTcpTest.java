package io.fsmgen.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.ManualScheduler;
import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffect;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link HandWrittenTcp} is the whole {@code TcpSpec} table: in every configuration (state, passive, remoteKnown)
 * that real inputs can reach, every event does what the generated {@link TcpMachine} does, down to the timer calls
 * and the order of effects; and its TIME-WAIT timer runs on the scheduler like the generated one's.
 */
class HandWrittenTcpTest {

    static final TcpConfig CONFIG = TcpConfig.DEFAULT;
    /** An MSL other than the default, so that the timer tests would notice a hard-coded duration. */
    static final TcpConfig SHORT_MSL = TcpConfig.withMsl(Duration.ofSeconds(7));

    /** An input: an event, or the user's {@code setRemoteKnown(known)} when {@code event} is null. */
    record Step(TcpEvent event, boolean known) {
        static final List<Step> ALL = all();

        void applyTo(TcpMachine m) {
            if (event == null) {
                m.setRemoteKnown(known);
            } else {
                m.fire(event);
            }
        }

        void applyTo(HandWrittenTcp m) {
            if (event == null) {
                m.setRemoteKnown(known);
            } else {
                m.fire(event);
            }
        }

        @Override
        public String toString() {
            return event == null ? "setRemoteKnown(" + known + ")" : event.name();
        }

        private static List<Step> all() {
            List<Step> steps = new ArrayList<>();
            for (TcpEvent e : TcpEvent.values()) {
                steps.add(new Step(e, false));
            }
            steps.add(new Step(null, true));
            steps.add(new Step(null, false));
            return List.copyOf(steps);
        }
    }

    /** What the guards can see: the state and the extended state. */
    record Configuration(TcpState state, boolean passive, boolean remoteKnown) {
        static Configuration of(TcpMachine m) {
            return new Configuration(m.state(), m.passive(), m.remoteKnown());
        }

        static Configuration of(HandWrittenTcp m) {
            return new Configuration(m.state(), m.passive(), m.remoteKnown());
        }
    }

    /**
     * The generated and the hand-written machine side by side, each logging its effects and its scheduler calls
     * ("schedule PT1M", "cancel") in one list, so that the order of timer calls among effects is compared too.
     */
    static final class Pair {
        final List<Object> expected = new ArrayList<>();
        final List<Object> actual = new ArrayList<>();
        final TcpMachine generated;
        final HandWrittenTcp hand;

        Pair(TcpConfig config, Function<List<Object>, Scheduler> scheduler) {
            generated = new TcpMachine(TcpEffects.of(expected::add), scheduler.apply(expected), config);
            hand = new HandWrittenTcp(TcpEffects.of(actual::add), scheduler.apply(actual), config);
        }

        /** A pair whose schedulers only log; TIMEOUT then arrives only as a fired event. */
        static Pair logging() {
            return new Pair(CONFIG, log -> (delay, task) -> {
                log.add("schedule " + delay);
                return () -> log.add("cancel");
            });
        }

        /** Applies {@code step} to both and checks they agree; an exception must be the same on both sides. */
        void apply(Step step, String where) {
            expected.clear();
            actual.clear();
            Class<?> generatedThrew = thrown(() -> step.applyTo(generated));
            Class<?> handThrew = thrown(() -> step.applyTo(hand));
            assertEquals(generatedThrew, handThrew, where + ": exception");
            assertAgree(where);
        }

        void assertAgree(String where) {
            assertEquals(Configuration.of(generated), Configuration.of(hand), where + ": state and extended state");
            assertEquals(expected, actual, where + ": effects");
        }

        private static Class<?> thrown(Runnable r) {
            try {
                r.run();
                return null;
            } catch (RuntimeException e) {
                return e.getClass();
            }
        }
    }

    /**
     * Every configuration reachable from a new machine by events and {@code setRemoteKnown}, with a shortest path to
     * it, found by breadth-first search on the generated machine (the reference).
     */
    static final Map<Configuration, List<Step>> REACHABLE = reachable();

    private static Map<Configuration, List<Step>> reachable() {
        Map<Configuration, List<Step>> paths = new LinkedHashMap<>();
        Queue<Configuration> frontier = new ArrayDeque<>();
        Configuration initial = Configuration.of(new TcpMachine());
        paths.put(initial, List.of());
        frontier.add(initial);
        while (!frontier.isEmpty()) {
            List<Step> path = paths.get(frontier.remove());
            for (Step step : Step.ALL) {
                TcpMachine m = new TcpMachine();
                path.forEach(s -> s.applyTo(m));
                step.applyTo(m);
                Configuration next = Configuration.of(m);
                if (!paths.containsKey(next)) {
                    List<Step> longer = new ArrayList<>(path);
                    longer.add(step);
                    paths.put(next, List.copyOf(longer));
                    frontier.add(next);
                }
            }
        }
        return Collections.unmodifiableMap(paths);
    }

    static List<Configuration> configurations() {
        return List.copyOf(REACHABLE.keySet());
    }

    @Test
    void everyStateIsReachableWithEveryExtendedStateExceptAPassiveClosed() {
        Set<Configuration> expected = new LinkedHashSet<>();
        for (TcpState state : TcpState.values()) {
            for (boolean passive : new boolean[] {false, true}) {
                for (boolean remoteKnown : new boolean[] {false, true}) {
                    // Entering CLOSED clears passive, and only RCV_SYN in LISTEN sets it.
                    if (!(state == TcpState.CLOSED && passive)) {
                        expected.add(new Configuration(state, passive, remoteKnown));
                    }
                }
            }
        }
        assertEquals(expected, REACHABLE.keySet());
        assertEquals(42, expected.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void everyEventDoesWhatTheGeneratedMachineDoes(Configuration configuration) {
        List<Step> path = REACHABLE.get(configuration);
        for (TcpEvent event : TcpEvent.values()) {
            Pair pair = Pair.logging();
            for (Step step : path) {
                pair.apply(step, "reaching " + configuration + " by " + path + ", at " + step);
            }
            assertEquals(configuration, Configuration.of(pair.hand), "reached by " + path);
            pair.apply(new Step(event, false), event + " in " + configuration);
        }
    }

    @Test
    void timeWaitArmsATwoMslTimerWhoseExpiryClosesTheConnection() {
        ManualScheduler clock = new ManualScheduler();
        List<TcpEffect> effects = new ArrayList<>();
        HandWrittenTcp tcp = new HandWrittenTcp(TcpEffects.of(effects::add), clock, SHORT_MSL);
        toTimeWait(tcp);
        Duration twoMsl = Duration.ofSeconds(14);
        assertEquals(TcpEffect.timeWaitStarted(twoMsl), effects.get(effects.size() - 1));
        assertEquals(1, clock.pending());
        assertEquals(Optional.of(twoMsl), clock.nextDelay());

        effects.clear();
        clock.advance(twoMsl.minusNanos(1));
        assertEquals(TcpState.TIME_WAIT, tcp.state());
        clock.advance(Duration.ofNanos(1));
        assertEquals(TcpState.CLOSED, tcp.state());
        assertEquals(List.of(), effects, "expiry is not a stop");
        assertEquals(0, clock.pending());
    }

    @ParameterizedTest
    @EnumSource(names = {"ABORT", "RCV_RST", "USER_TIMEOUT"})
    void leavingTimeWaitEarlyCancelsTheTimer(TcpEvent event) {
        ManualScheduler clock = new ManualScheduler();
        List<TcpEffect> effects = new ArrayList<>();
        HandWrittenTcp tcp = new HandWrittenTcp(TcpEffects.of(effects::add), clock, SHORT_MSL);
        toTimeWait(tcp);
        clock.advance(Duration.ofSeconds(1));
        effects.clear();
        tcp.fire(event);
        assertEquals(TcpState.CLOSED, tcp.state());
        assertEquals(TcpEffect.timeWaitStopped(), effects.get(0));
        assertEquals(0, clock.pending());

        // A new TIME_WAIT must last its full 2·MSL: a stale timer would cut it short.
        toTimeWait(tcp);
        clock.advance(Duration.ofSeconds(13));
        assertEquals(TcpState.TIME_WAIT, tcp.state());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(TcpState.CLOSED, tcp.state());
    }

    @Test
    void aRetransmittedFinRestartsTheTimer() {
        ManualScheduler clock = new ManualScheduler();
        List<TcpEffect> effects = new ArrayList<>();
        HandWrittenTcp tcp = new HandWrittenTcp(TcpEffects.of(effects::add), clock, SHORT_MSL);
        toTimeWait(tcp);
        clock.advance(Duration.ofSeconds(10));
        effects.clear();
        tcp.fire(TcpEvent.RCV_FIN);
        Duration twoMsl = Duration.ofSeconds(14);
        assertEquals(List.of(TcpEffect.timeWaitStopped(), TcpEffect.send(TcpSegment.ACK),
                TcpEffect.timeWaitStarted(twoMsl)), effects);
        assertEquals(1, clock.pending());
        assertEquals(Optional.of(twoMsl), clock.nextDelay());
    }

    /**
     * 250,000 random inputs on both machines, each on its own virtual clock: events, {@code setRemoteKnown}, and
     * clock advances that let the TIME-WAIT timers fire (or not) on their own. The walk is checked to have fired
     * every (state, event) cell many times and to have passed through every reachable configuration.
     */
    @Test
    void aLongRandomWalkNeverTellsTheTwoApart() {
        List<ManualScheduler> clocks = new ArrayList<>();
        Pair pair = new Pair(SHORT_MSL, log -> {
            ManualScheduler clock = new ManualScheduler();
            clocks.add(clock);
            return clock;
        });
        Random random = new Random(9293);
        int[][] fired = new int[TcpState.values().length][TcpEvent.values().length];
        Set<Configuration> visited = new LinkedHashSet<>();
        int expiries = 0;
        long timeWaitNanos = SHORT_MSL.timeWait().toNanos();
        for (int i = 0; i < 250_000; i++) {
            visited.add(Configuration.of(pair.hand));
            int dice = random.nextInt(100);
            if (dice < 5) {
                Duration advance = Duration.ofNanos((long) (random.nextDouble() * 1.5 * timeWaitNanos));
                pair.expected.clear();
                pair.actual.clear();
                TcpState before = pair.hand.state();
                clocks.forEach(clock -> clock.advance(advance));
                pair.assertAgree("step " + i + ": advance " + advance);
                if (before == TcpState.TIME_WAIT && pair.hand.state() == TcpState.CLOSED) {
                    expiries++;
                }
            } else {
                Step step = dice < 15 ? new Step(null, random.nextBoolean())
                        : new Step(WALK[random.nextInt(WALK.length)], false);
                if (step.event() != null) {
                    fired[pair.hand.state().ordinal()][step.event().ordinal()]++;
                }
                pair.apply(step, "step " + i + ": " + step);
            }
            assertEquals(clocks.get(0).pending(), clocks.get(1).pending(), "step " + i + ": armed timers");
        }
        for (TcpState state : TcpState.values()) {
            for (TcpEvent event : TcpEvent.values()) {
                int times = fired[state.ordinal()][event.ordinal()];
                assertTrue(times >= 10, event + " in " + state + " fired only " + times + " times");
            }
        }
        assertEquals(REACHABLE.keySet(), visited);
        assertTrue(expiries >= 100, "the TIME-WAIT timer expired only " + expiries + " times");
    }

    /**
     * The random walk's events: each event four times, except the six that end a connection from almost anywhere,
     * which appear once, so that the walk gets deep into the states after ESTABLISHED often enough.
     */
    static final TcpEvent[] WALK = Arrays.stream(TcpEvent.values())
            .flatMap(e -> Collections.nCopies(switch (e) {
                case ABORT, RCV_RST, USER_TIMEOUT, RETRANSMISSION_EXHAUSTED, CLOSE_DISCARDING_UNREAD,
                        RCV_DATA_NO_READER -> 1;
                default -> 4;
            }, e).stream())
            .toArray(TcpEvent[]::new);

    /** Active open, data, active close, up to TIME_WAIT: {@link ReferenceTcp#CLIENT_LIFE} without the TIMEOUT. */
    private static void toTimeWait(HandWrittenTcp tcp) {
        TcpEvent[] life = ReferenceTcp.CLIENT_LIFE;
        assertEquals(TcpEvent.TIMEOUT, life[life.length - 1]);
        Arrays.stream(life, 0, life.length - 1).forEach(tcp::fire);
        assertEquals(TcpState.TIME_WAIT, tcp.state());
    }
}
