package io.fsmgen.examples.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineRendererTest {

    private final List<Step> steps = List.of(
            Step.machine(Duration.ZERO, Side.CLIENT, "ACTIVE_OPEN", "CLOSED", "SYN_SENT", List.of("SYN")),
            Step.kernel(Duration.ofNanos(500_000), Side.CLIENT, "CLOSE", "SYN_SENT"),
            Step.kernel(Duration.ofNanos(600_000), Side.SERVER, "ESTABLISHED", "CLOSE_WAIT"),
            Step.machine(Duration.ofMillis(1), Side.SERVER, "RCV_SYN", "LISTEN", "SYN_RECEIVED", List.of("SYN+ACK")),
            Step.machine(Duration.ofMillis(2), Side.CLIENT, "RCV_SYN_ACK", "SYN_SENT", "ESTABLISHED", List.of("ACK")),
            Step.kernelEvent(Duration.ofMillis(3), Side.SERVER, "RST sent", List.of("RST")),
            Step.machine(Duration.ofMillis(4), Side.LISTENER, "CLOSE", "LISTEN", "CLOSED", List.of()),
            Step.machine(Duration.ofMillis(5), Side.SERVER, "RCV_ACK", "SYN_RECEIVED", "SYN_RECEIVED", List.of()));

    @Test
    void rendersClientLeftServerRightArrowsBetweenAndKernelLast() {
        String expected = String.join("\n",
                "time    client                                          server                               kernel (Linux names)",
                "-".repeat(120),
                "+0.000s ACTIVE_OPEN: CLOSED -> SYN_SENT      SYN ----->",
                "+0.001s                                                                                      cli CLOSE->SYN_SENT",
                "+0.001s                                                                                      srv ESTABLISHED->CLOSE_WAIT",
                "+0.001s                                      <-- SYN+ACK RCV_SYN: LISTEN -> SYN_RECEIVED",
                "+0.002s RCV_SYN_ACK: SYN_SENT -> ESTABLISHED ACK ----->",
                "+0.003s                                      <----- RST                                      srv RST sent",
                "+0.004s                                                 listener CLOSE: LISTEN -> CLOSED",
                "+0.005s                                                 RCV_ACK: SYN_RECEIVED (stays)",
                "");
        assertEquals(expected, new TimelineRenderer().render(steps));
    }

    @Test
    void everyLineFitsIn120Columns() {
        for (String line : new TimelineRenderer().render(steps).split("\n")) {
            assertTrue(line.length() <= TextWrap.WIDTH, line.length() + ": " + line);
        }
    }

    @Test
    void wrapBreaksAtWordsAndIndents() {
        assertEquals("one two\n  three\n", TextWrap.wrap("one two three", 2, 9));
        assertEquals("a\n", TextWrap.wrap("a", 4, 9));
    }

    @Test
    void wrapKeepsTheSpacesThatOpenTheText() {
        assertEquals("  one\n  two\n", TextWrap.wrap("  one two", 2, 6));
    }
}
