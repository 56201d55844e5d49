package io.fsmgen.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.ManualScheduler;
import io.fsmgen.Scheduler;
import io.fsmgen.examples.bench.peers.EnumMapWholeTcp;
import io.fsmgen.examples.bench.peers.SquirrelTcp;
import io.fsmgen.examples.bench.peers.Stateless4jTcp;
import io.fsmgen.examples.bench.peers.TcpPeer;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each benchmark peer ({@code io.fsmgen.examples.bench.peers}), and the generator's nested-switch shape of the same
 * spec ({@link SwitchTcpMachine}), is the whole {@code TcpSpec} table: over a long random
 * walk, with the TIME-WAIT timer on a virtual clock, it ends every step in the generated {@link TcpMachine}'s state
 * and extended state, having emitted the same effects and timer calls in the same order, and the walk fires every
 * one of the 231 cells several times.
 */
class PeersAgreeWithTcpMachineTest {

    interface PeerFactory {
        TcpPeer create(TcpEffects effects, Scheduler scheduler, TcpConfig config);
    }

    static Stream<Arguments> peers() {
        return Stream.of(
                Arguments.of("EnumMap", (PeerFactory) EnumMapWholeTcp::new),
                Arguments.of("stateless4j", (PeerFactory) Stateless4jTcp::new),
                Arguments.of("squirrel-foundation", (PeerFactory) SquirrelTcp::new),
                Arguments.of("TcpSpec with the nested-switch dispatch",
                        (PeerFactory) PeersAgreeWithTcpMachineTest::nestedSwitch));
    }

    /** {@code SwitchTcpMachine} (the generator's other dispatch shape) seen as a peer. */
    private static TcpPeer nestedSwitch(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        SwitchTcpMachine machine = new SwitchTcpMachine(effects, scheduler, config);
        return new TcpPeer() {
            @Override
            public TcpState state() {
                return machine.state();
            }

            @Override
            public boolean passive() {
                return machine.passive();
            }

            @Override
            public boolean remoteKnown() {
                return machine.remoteKnown();
            }

            @Override
            public void setRemoteKnown(boolean known) {
                machine.setRemoteKnown(known);
            }

            @Override
            public void fire(TcpEvent event) {
                machine.fire(event);
            }
        };
    }

    /** A scheduler that logs its calls into the effects list, then passes them on to a virtual clock. */
    private static Scheduler logged(List<Object> log, ManualScheduler clock) {
        return (delay, task) -> {
            log.add("schedule " + delay);
            Scheduler.Cancellable timer = clock.schedule(delay, task);
            return () -> {
                log.add("cancel");
                timer.cancel();
            };
        };
    }

    /** Steps of the walk: with this seed, every cell fires at least 9 times (the rarest is RCV_RST in CLOSING). */
    static final int STEPS = 100_000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("peers")
    void aLongRandomWalkNeverTellsThePeerFromTheGeneratedMachine(String name, PeerFactory factory) {
        TcpConfig config = HandWrittenTcpTest.SHORT_MSL;
        List<Object> expected = new ArrayList<>();
        List<Object> actual = new ArrayList<>();
        ManualScheduler generatedClock = new ManualScheduler();
        ManualScheduler peerClock = new ManualScheduler();
        TcpMachine generated = new TcpMachine(TcpEffects.of(expected::add), logged(expected, generatedClock), config);
        TcpPeer peer = factory.create(TcpEffects.of(actual::add), logged(actual, peerClock), config);
        Random random = new Random(9293);
        int[][] fired = new int[TcpState.values().length][TcpEvent.values().length];
        int expiries = 0;
        long timeWaitNanos = config.timeWait().toNanos();
        for (int i = 0; i < STEPS; i++) {
            expected.clear();
            actual.clear();
            int dice = random.nextInt(100);
            String step;
            if (dice < 5) {
                Duration advance = Duration.ofNanos((long) (random.nextDouble() * 1.5 * timeWaitNanos));
                step = "advance " + advance;
                TcpState before = peer.state();
                generatedClock.advance(advance);
                peerClock.advance(advance);
                if (before == TcpState.TIME_WAIT && peer.state() == TcpState.CLOSED) {
                    expiries++;
                }
            } else if (dice < 15) {
                boolean known = random.nextBoolean();
                step = "setRemoteKnown(" + known + ")";
                generated.setRemoteKnown(known);
                peer.setRemoteKnown(known);
            } else {
                TcpEvent event = HandWrittenTcpTest.WALK[random.nextInt(HandWrittenTcpTest.WALK.length)];
                step = event.name();
                fired[peer.state().ordinal()][event.ordinal()]++;
                generated.fire(event);
                peer.fire(event);
            }
            String where = name + ", step " + i + " (" + step + ")";
            assertEquals(generated.state(), peer.state(), where + ": state");
            assertEquals(generated.passive(), peer.passive(), where + ": passive");
            assertEquals(generated.remoteKnown(), peer.remoteKnown(), where + ": remoteKnown");
            assertEquals(expected, actual, where + ": effects and timer calls");
            assertEquals(generatedClock.pending(), peerClock.pending(), where + ": armed timers");
        }
        for (TcpState state : TcpState.values()) {
            for (TcpEvent event : TcpEvent.values()) {
                int times = fired[state.ordinal()][event.ordinal()];
                assertTrue(times >= 5, event + " in " + state + " fired only " + times + " times");
            }
        }
        assertTrue(expiries >= 30, "the TIME-WAIT timer expired only " + expiries + " times");
    }
}
