package io.fsmgen.examples.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.examples.timeline.Side;
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
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void timelineShowsHandshakeAndFourWayCloseInOrderOnBothSides() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        LoopbackLife.Result result = new MainJob(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();

        assertEquals(List.of("CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"),
                ScenarioTest.states(result, Side.CLIENT), "client");
        assertEquals(List.of("CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"),
                ScenarioTest.states(result, Side.SERVER), "server connection");
        assertEquals(List.of("server got \"hello\"", "client got \"hello\"", "server got \"how are you?\"",
                "client got \"how are you?\"", "server got \"bye\"", "client got \"bye\""), result.received());

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("ACTIVE_OPEN: CLOSED -> SYN_SENT"), printed);
        assertTrue(printed.contains("SYN ---"), printed);
        assertTrue(printed.contains("<------------ SYN+ACK"), printed);
        assertTrue(printed.contains("RCV_ACK: LAST_ACK -> CLOSED"), printed);
        assertTrue(printed.contains("TIMEOUT: TIME_WAIT -> CLOSED"), printed);
        assertTrue(printed.contains("the kernel keeps its TIME_WAIT for 60 s"), printed);
        if (result.kernelObserved()) {
            assertTrue(printed.contains("client FIN_WAIT_1") || printed.contains("client FIN_WAIT_2")
                    || printed.contains("client TIME_WAIT"), "kernel column shows the client's close: " + printed);
        }
    }
}
