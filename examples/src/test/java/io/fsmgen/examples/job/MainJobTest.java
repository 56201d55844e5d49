package io.fsmgen.examples.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.examples.timeline.Side;
import io.fsmgen.examples.timeline.Step;
import io.fsmgen.examples.timeline.TextWrap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the main job's code path on loopback and checks the life it shows, state by state, on both sides. */
class MainJobTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void timelineShowsHandshakeAndFourWayCloseInOrderOnBothSides() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        LoopbackLife.Result result = new MainJob(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();

        List<String> client = Headline.states(result, Side.CLIENT);
        if (result.kernel()) {
            // The kernel always passes FIN_WAIT2 here (Linux takes the ACK before the FIN), and so does the machine.
            assertEquals(List.of("CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT",
                    "CLOSED"), client, "client");
        }
        assertEquals(List.of("CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"),
                Headline.states(result, Side.SERVER), "server connection");
        assertEquals(List.of("server got \"hello\"", "client got \"hello\"", "server got \"how are you?\"",
                "client got \"how are you?\"", "server got \"bye\"", "client got \"bye\""), result.received());

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("Scenario client-closes-first: the client closed first: it passed FIN_WAIT_1"),
                printed);
        assertTrue(printed.contains("ACTIVE_OPEN: CLOSED -> SYN_SENT"), printed);
        assertTrue(printed.contains("RCV_ACK: LAST_ACK -> CLOSED"), printed);
        assertTrue(printed.contains("TIMEOUT: TIME_WAIT -> CLOSED"), printed);
        assertTrue(printed.contains("the kernel keeps its TIME_WAIT for 60 s"), printed);
        for (String line : printed.split("\n")) {
            assertTrue(line.length() <= TextWrap.WIDTH, line.length() + " columns: " + line);
        }
        if (result.kernel()) {
            assertTrue(printed.contains("cli FIN_WAIT1->FIN_WAIT2") && printed.contains("srv LAST_ACK->CLOSE"),
                    printed);
            assertInCausalOrder(result.steps());
        }
    }

    /** Steps are in time order, and each hidden machine step comes after the kernel step it learned from. */
    static void assertInCausalOrder(List<Step> steps) {
        for (int i = 1; i < steps.size(); i++) {
            assertTrue(steps.get(i - 1).at().compareTo(steps.get(i).at()) <= 0, "time order at " + steps.get(i));
        }
        int kernelAck = indexOf(steps, false, Side.CLIENT, "FIN_WAIT2");
        int machineAck = indexOf(steps, true, Side.CLIENT, "FIN_WAIT_2");
        assertTrue(kernelAck >= 0 && kernelAck < machineAck, "kernel FIN_WAIT2 before the machine's: " + steps);
    }

    private static int indexOf(List<Step> steps, boolean machine, Side side, String to) {
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.isMachine() == machine && s.side() == side && s.to().equals(to)) {
                return i;
            }
        }
        return -1;
    }
}
