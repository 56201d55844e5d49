package io.fsmgen.examples.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.examples.timeline.Side;
import io.fsmgen.examples.timeline.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each real-socket scenario runs to the end and shows the states that make it what it is. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class ScenarioTest {

    private static LoopbackLife.Result run(String name) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new MainJob(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(name).orElseThrow();
    }

    @Test
    void serverClosesFirstPutsTimeWaitOnTheServer() throws Exception {
        LoopbackLife.Result result = run("server-closes-first");
        assertEquals(List.of("CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
                "TIME_WAIT", "CLOSED"), states(result, Side.SERVER));
        assertEquals(List.of("CLOSED", "SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"),
                states(result, Side.CLIENT));
    }

    @Test
    void simultaneousCloseEndsWithBothMachinesClosedAfterBothClosed() throws Exception {
        LoopbackLife.Result result = run("simultaneous-close");
        List<String> client = states(result, Side.CLIENT);
        List<String> server = states(result, Side.SERVER);
        assertTrue(client.contains("FIN_WAIT_1") && server.contains("FIN_WAIT_1"), client + " / " + server);
        assertEquals("CLOSED", client.get(client.size() - 1));
        assertEquals("CLOSED", server.get(server.size() - 1));
    }

    @Test
    void refusedGoesFromSynSentToClosedOnTheRst() throws Exception {
        LoopbackLife.Result result = run("refused");
        assertEquals(List.of("CLOSED", "SYN_SENT", "CLOSED"), states(result, Side.CLIENT));
        assertEquals(List.of(), states(result, Side.SERVER));
        assertTrue(result.steps().stream().anyMatch(step -> step.event().equals("RCV_RST")));
    }

    @Test
    void resetClosesBothWithoutTimeWait() throws Exception {
        LoopbackLife.Result result = run("reset");
        List<String> client = states(result, Side.CLIENT);
        List<String> server = states(result, Side.SERVER);
        assertFalse(client.contains("TIME_WAIT") || server.contains("TIME_WAIT"), client + " / " + server);
        assertTrue(result.steps().stream().anyMatch(step -> step.side() == Side.SERVER
                && step.event().equals("ABORT") && step.segments().equals(List.of("RST"))), "server sends RST");
        assertTrue(result.steps().stream().anyMatch(step -> step.side() == Side.CLIENT
                && step.event().equals("RCV_RST") && step.to().equals("CLOSED")), "client sees the RST");
    }

    @Test
    void halfCloseKeepsDataFlowingFromCloseWait() throws Exception {
        LoopbackLife.Result result = run("half-close");
        assertEquals(List.of("CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"),
                states(result, Side.CLIENT));
        assertTrue(states(result, Side.SERVER).contains("CLOSE_WAIT"));
        assertEquals("answer, part 1; part 2", String.join("", result.received().stream()
                .filter(line -> line.startsWith("client got"))
                .map(line -> line.substring("client got \"".length(), line.length() - 1))
                .toList()));
    }

    /** The states one side's connection passed through, listener steps left out. */
    static List<String> states(LoopbackLife.Result result, Side side) {
        List<String> states = new ArrayList<>();
        for (Step step : result.steps()) {
            if (step.side() != side || step.event().startsWith("listener ")) {
                continue;
            }
            if (states.isEmpty()) {
                states.add(step.from());
            }
            if (!step.to().equals(step.from())) {
                states.add(step.to());
            }
        }
        return states;
    }
}
