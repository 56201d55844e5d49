package io.fsmgen.examples.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The main job's {@code check}: the demonstrations' verdicts, a diagram, the lesson, and a wrong argument. */
class CheckCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CheckCommand check = new CheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsEveryDemonstrationWithItsVerdictsDiagramsAndLessons() {
        assertEquals(0, check.run(List.of()), err.toString(StandardCharsets.UTF_8));
        String text = out();
        assertTrue(text.contains("== Why TIME-WAIT exists: the last ACK"), text);
        assertTrue(text.contains("  no TIME-WAIT (NoTimeWaitTcpMachine): VIOLATED ("), text);
        assertTrue(text.contains("  Shortest counterexample of no-reset, 13 steps; replayed on the real machines:"
                + " reproduced."),
                text);
        assertTrue(text.contains("RCV_FIN_ACK: FIN_WAIT_2 -> CLOSED"), text);
        assertTrue(text.contains("--- ACK seq=2 ack=2 ------x"), text);
        assertTrue(text.contains("RCV_RST: LAST_ACK -> CLOSED"), text);
        assertTrue(text.contains("  RFC 9293 (TcpMachine): HOLDS ("), text);
        assertTrue(text.contains("== RFC 5961 against RFC 793: a blind in-window SYN"), text);
        assertTrue(text.contains("RCV_SYN: ESTABLISHED -> CLOSED"), text);
        assertTrue(text.contains("== RFC 1337: TIME-WAIT assassination"), text);
        assertTrue(text.contains("What it teaches: "), text);
        assertTrue(text.contains("charged-at-most-once      VIOLATED"), text);
        assertTrue(text.contains("  Shortest counterexample of responsive, "), text);
        assertTrue(text.contains("  => server has no row for REQUEST in CHARGING"), text);
        assertTrue(text.contains("  Shortest counterexample of failed-means-not-charged, "), text);
        assertTrue(text.contains("  => the invariant charged-at-most-once fails: client WAITING, server READY"), text);
        assertTrue(!text.contains("UNEXPECTED") && !text.contains("NOT reproduced"), text);
        assertTrue(text.endsWith("Every verdict is the expected one.\n"), text);
    }

    @Test
    void anArgumentIsAUsageError() {
        assertEquals(2, check.run(List.of("--fast")));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("fsmgen: check takes no arguments, not '--fast'"));
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, check.run(List.of("--help")));
        assertTrue(out().startsWith("Usage: java -jar fsmgen-examples.jar check"), out());
    }
}
