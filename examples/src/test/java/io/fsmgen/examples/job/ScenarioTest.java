package io.fsmgen.examples.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.examples.timeline.Side;
import io.fsmgen.examples.timeline.TextWrap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each real-socket scenario runs to the end and shows the states that make it what it is. Where the kernel's
 * tracepoint can be read (the runtime then follows it), the machine's path is the kernel's, so the assertions are
 * exact; nothing depends on timing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ScenarioTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private LoopbackLife.Result run(String name) throws Exception {
        LoopbackLife.Result result = new MainJob(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(name)
                .orElseThrow();
        for (String line : printed().split("\n")) {
            assertTrue(line.length() <= TextWrap.WIDTH, line.length() + " columns: " + line);
        }
        return result;
    }

    private String printed() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void serverClosesFirstPutsTimeWaitOnTheServer() throws Exception {
        LoopbackLife.Result result = run("server-closes-first");
        List<String> server = Headline.states(result, Side.SERVER);
        assertTrue(server.containsAll(List.of("FIN_WAIT_1", "TIME_WAIT")), server.toString());
        if (result.kernel()) {
            assertEquals(List.of("CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
                    "TIME_WAIT", "CLOSED"), server);
        }
        assertEquals(List.of("CLOSED", "SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"),
                Headline.states(result, Side.CLIENT));
        assertTrue(printed().startsWith("Scenario server-closes-first: the server closed first"), printed());
    }

    @Test
    void simultaneousCloseShowsClosingOnBothSides() throws Exception {
        LoopbackLife.Result result = run("simultaneous-close");
        List<String> client = Headline.states(result, Side.CLIENT);
        List<String> server = Headline.states(result, Side.SERVER);
        if (result.kernel()) {
            // Whether the FINs cross is the kernel's race, retried up to the script's bound: either this life shows
            // CLOSING on both sides, or the output says the bound was reached. The machines follow the kernel either way.
            assertTrue(printed().contains("Played " + result.tries() + " time"), printed());
            if (client.contains("CLOSING") && server.contains("CLOSING")) {
                assertTrue(printed().contains("their FINs crossed"), printed());
            } else {
                assertTrue(printed().contains("the most allowed, without catching it"), printed());
            }
            for (Side side : List.of(Side.CLIENT, Side.SERVER)) {
                List<String> machine = Headline.states(result, side);
                int n = machine.size();
                // The end of TIME_WAIT is the machine's timer: no tracepoint reports it.
                List<String> compared = n >= 2 && machine.get(n - 2).equals("TIME_WAIT") ? machine.subList(0, n - 1)
                        : machine;
                List<String> kernel = kernelPath(result, side);
                if (side == Side.SERVER) {
                    kernel.add(1, "LISTEN"); // the child is born from the listener: its passive OPEN
                }
                assertEquals(kernel, compared, side + ": the kernel's path and the machine's");
            }
        }
        assertEquals("CLOSED", client.get(client.size() - 1));
        assertEquals("CLOSED", server.get(server.size() - 1));
    }

    /** The client's kernel states after the handshake, in RFC words, as the Linux <-> RFC table reads them. */
    private static List<String> kernelPath(LoopbackLife.Result result, Side side) {
        List<String> path = new java.util.ArrayList<>(List.of("CLOSED"));
        for (io.fsmgen.examples.timeline.Step s : result.kernelSteps(side)) {
            if (!s.changesState()) {
                continue;
            }
            String to = switch (s.to()) {
                case "CLOSE" -> s.from().equals("FIN_WAIT2") || s.from().equals("CLOSING") ? "TIME_WAIT" : "CLOSED";
                case "FIN_WAIT1" -> "FIN_WAIT_1";
                case "FIN_WAIT2" -> "FIN_WAIT_2";
                case "SYN_RECV" -> "SYN_RECEIVED";
                default -> s.to();
            };
            path.add(to);
        }
        return path;
    }

    @Test
    void refusedGoesFromSynSentToClosedOnTheRst() throws Exception {
        LoopbackLife.Result result = run("refused");
        assertEquals(List.of("CLOSED", "SYN_SENT", "CLOSED"), Headline.states(result, Side.CLIENT));
        assertEquals(List.of(), Headline.states(result, Side.SERVER));
        assertTrue(result.machine(Side.CLIENT).stream().anyMatch(step -> step.event().equals("RCV_RST")));
        assertTrue(printed().contains("<----- RST"), "the RST arrow: " + printed());
        assertTrue(printed().contains("Refused: no socket listens on"), printed());
        assertFalse(printed().contains("TIME_WAIT:"), "no TIME_WAIT note for a refusal: " + printed());
        if (result.kernel()) {
            assertTrue(printed().contains("srv RST sent"), printed());
        }
    }

    @Test
    void resetClosesBothWithoutTimeWait() throws Exception {
        LoopbackLife.Result result = run("reset");
        List<String> client = Headline.states(result, Side.CLIENT);
        List<String> server = Headline.states(result, Side.SERVER);
        assertFalse(client.contains("TIME_WAIT") || server.contains("TIME_WAIT"), client + " / " + server);
        assertTrue(result.machine(Side.SERVER).stream().anyMatch(step -> step.event().equals("ABORT")
                && step.segments().equals(List.of("RST"))), "server sends RST");
        assertTrue(result.machine(Side.CLIENT).stream().anyMatch(step -> step.event().equals("RCV_RST")
                && step.to().equals("CLOSED")), "client sees the RST");
        assertTrue(printed().startsWith("Scenario reset: the server aborted"), printed());
        if (result.kernel()) {
            assertTrue(printed().contains("cli RST received"), printed());
        }
    }

    @Test
    void halfCloseKeepsDataFlowingFromCloseWait() throws Exception {
        LoopbackLife.Result result = run("half-close");
        List<String> client = Headline.states(result, Side.CLIENT);
        assertTrue(client.containsAll(List.of("FIN_WAIT_1", "TIME_WAIT")), client.toString());
        if (result.kernel()) {
            assertEquals(List.of("CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT",
                    "CLOSED"), client);
        }
        assertTrue(Headline.states(result, Side.SERVER).contains("CLOSE_WAIT"));
        assertEquals("answer, part 1; part 2", String.join("", result.received().stream()
                .filter(line -> line.startsWith("client got"))
                .map(line -> line.substring("client got \"".length(), line.length() - 1))
                .toList()));
    }
}
