package io.fsmgen.examples.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimelineRendererTest {

    @Test
    void rendersClientLeftServerRightArrowsBetweenAndKernelLast() {
        List<Step> steps = List.of(
                new Step(Duration.ZERO, Side.CLIENT, "ACTIVE_OPEN", "CLOSED", "SYN_SENT", List.of("SYN"),
                        Optional.of("SYN-SENT")),
                new Step(Duration.ofMillis(1), Side.SERVER, "RCV_SYN", "LISTEN", "SYN_RECEIVED", List.of("SYN+ACK"),
                        Optional.empty()),
                new Step(Duration.ofMillis(2), Side.CLIENT, "RCV_SYN_ACK", "SYN_SENT", "ESTABLISHED", List.of("ACK"),
                        Optional.of("ESTAB")),
                new Step(Duration.ofMillis(3), Side.SERVER, "RCV_ACK", "SYN_RECEIVED", "SYN_RECEIVED", List.of(),
                        Optional.empty()));
        String expected = String.join("\n",
                "time     client                                                        server                                  kernel",
                "-".repeat(131),
                "+0.000s  ACTIVE_OPEN: CLOSED -> SYN_SENT         SYN ---------------->                                         client SYN-SENT",
                "+0.001s                                          <------------ SYN+ACK RCV_SYN: LISTEN -> SYN_RECEIVED",
                "+0.002s  RCV_SYN_ACK: SYN_SENT -> ESTABLISHED    ACK ---------------->                                         client ESTAB",
                "+0.003s                                                                RCV_ACK: SYN_RECEIVED (stays)",
                "");
        assertEquals(expected, new TimelineRenderer().render(steps));
    }
}
