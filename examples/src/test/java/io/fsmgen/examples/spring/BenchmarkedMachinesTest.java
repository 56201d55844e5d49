package io.fsmgen.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fsmgen.Scheduler;
import io.fsmgen.examples.bench.EnumMapTcp;
import io.fsmgen.examples.bench.EnumSwitchTcp;
import io.fsmgen.examples.bench.OrdinalSwitchTcp;
import io.fsmgen.examples.bench.PackedSwitchTcp;
import io.fsmgen.examples.bench.ReferenceTcp;
import io.fsmgen.examples.bench.StatePatternTcp;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffect;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.statemachine.StateMachineEventResult.ResultType;

/**
 * The machines the JMH benchmarks compare do the same thing as the generated {@link TcpMachine} on the benchmarked
 * connection lives: same state and same effects after every event. The hand-written ones implement only the cells
 * those lives visit, and say so by throwing outside them.
 */
class BenchmarkedMachinesTest {

    static final TcpConfig CONFIG = TcpConfig.DEFAULT;

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("EnumSwitchTcp", (BiFunction<TcpEffects, TcpConfig, ReferenceTcp>) EnumSwitchTcp::new),
                Arguments.of("OrdinalSwitchTcp", (BiFunction<TcpEffects, TcpConfig, ReferenceTcp>) OrdinalSwitchTcp::new),
                Arguments.of("PackedSwitchTcp", (BiFunction<TcpEffects, TcpConfig, ReferenceTcp>) PackedSwitchTcp::new),
                Arguments.of("EnumMapTcp", (BiFunction<TcpEffects, TcpConfig, ReferenceTcp>) EnumMapTcp::new),
                Arguments.of("StatePatternTcp", (BiFunction<TcpEffects, TcpConfig, ReferenceTcp>) StatePatternTcp::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void handWrittenMachineMatchesTheGeneratedOneOnBothLives(String name,
            BiFunction<TcpEffects, TcpConfig, ReferenceTcp> factory) {
        List<TcpEffect> expected = new ArrayList<>();
        List<TcpEffect> actual = new ArrayList<>();
        TcpMachine generated = new TcpMachine(TcpEffects.of(expected::add), Scheduler.none(), CONFIG);
        ReferenceTcp reference = factory.apply(TcpEffects.of(actual::add), CONFIG);
        for (int round = 0; round < 3; round++) {
            for (TcpEvent event : ReferenceTcp.BOTH_LIVES) {
                expected.clear();
                actual.clear();
                generated.fire(event);
                reference.fire(event);
                String where = name + " round " + round + " " + event;
                assertEquals(generated.state(), reference.state(), where);
                assertEquals(expected, actual, where);
                assertEquals(generated.passive(), reference.passive(), where);
                assertEquals(generated.remoteKnown(), reference.remoteKnown(), where);
            }
        }
        assertEquals(TcpState.CLOSED, reference.state());
        assertThrows(IllegalStateException.class, () -> reference.fire(TcpEvent.RCV_RST), "outside the subset");
    }

    @Test
    void springMachineMatchesTheGeneratedOneOnBothLives() {
        List<TcpEffect> expected = new ArrayList<>();
        List<TcpEffect> actual = new ArrayList<>();
        TcpMachine generated = new TcpMachine(TcpEffects.of(expected::add), Scheduler.none(), CONFIG);
        SpringTcpMachine spring = new SpringTcpMachine(TcpEffects.of(actual::add), CONFIG);
        for (TcpEvent event : ReferenceTcp.BOTH_LIVES) {
            expected.clear();
            actual.clear();
            generated.fire(event);
            assertEquals(ResultType.ACCEPTED, spring.send(event), event.name());
            assertEquals(generated.state(), spring.state(), event.name());
            assertEquals(expected, actual, event.name());
        }
        assertEquals(17, ReferenceTcp.BOTH_LIVES.length);
        spring.stop();
    }
}
