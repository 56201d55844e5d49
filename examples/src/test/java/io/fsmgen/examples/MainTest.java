package io.fsmgen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void diagramPrintsTheTcpMachinesMermaidByDefault() {
        assertEquals(0, main.run(List.of("diagram")));
        assertTrue(out().contains("stateDiagram-v2"), out());
        assertTrue(out().contains("SYN_SENT --> ESTABLISHED : RCV_SYN_ACK / sendAck"), out());
    }

    @Test
    void diagramPrintsDotAndTableOfANamedMachine() {
        assertEquals(0, main.run(List.of("diagram", "door", "--dot")));
        assertTrue(out().startsWith("digraph \"DoorMachine\" {"), out());
        out.reset();
        assertEquals(0, main.run(List.of("diagram", "tcp-rfc1337", "--table")));
        assertTrue(out().contains("| TIME_WAIT | RCV_RST |"), out());
    }

    @Test
    void unknownSubcommandPrintsUsageAndExitsWith2() {
        assertEquals(2, main.run(List.of("frobnicate")));
        assertTrue(err().startsWith("fsmgen: unknown subcommand or option 'frobnicate'\nUsage:"), err());
    }

    @Test
    void unknownOptionAndMachineExitWith2() {
        assertEquals(2, main.run(List.of("--verbose")));
        assertEquals(2, main.run(List.of("diagram", "--png")));
        assertEquals(2, main.run(List.of("diagram", "ftp")));
        assertTrue(err().contains("unknown machine 'ftp'; known: door, tcp, tcp-lenient-close, tcp-rfc1337, tcp-rfc793"), err());
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, main.run(List.of("--help")));
        assertTrue(out().startsWith("Usage:"));
    }
}
