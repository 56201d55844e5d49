package io.fsmgen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The subcommands that touch the network, and every way a user can hold them wrong. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandLineTest {

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
    void monitorShowsTheTableCountsAndALeakNamingTheHandler() {
        assertEquals(0, main.run(List.of("monitor", "--seconds", "4")), err());
        assertTrue(out().contains("Send-Q Local Address:Port"), out());
        assertTrue(out().contains("LISTEN 1"), out());
        String flat = out().replaceAll("\\s+", " ");
        assertTrue(flat.contains("CLOSE_WAIT leak: 127.0.0.1:")
                && flat.contains("handler monitor echo server has not called close()"), out());
        assertTrue(out().contains("Echo server on 127.0.0.1:"), out());
        assertFitsIn120Columns(out());
    }

    private static void assertFitsIn120Columns(String text) {
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 120, line.length() + " columns: " + line);
        }
    }

    @Test
    void monitorSecondsOneSaysWhyItStartedNoClients() {
        assertEquals(0, main.run(List.of("monitor", "--seconds", "1")), err());
        assertTrue(out().contains("No clients in this run: they stop 2 s before the end"), out());
        assertFitsIn120Columns(out());
    }

    @Test
    void ipv6WithoutAScenarioRunsTheMainJobOnIpv6Loopback() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ipv6(), "IPv6 loopback unavailable");
        assertEquals(0, main.run(List.of("--ipv6")), err());
        assertTrue(out().startsWith("Scenario client-closes-first:"), out());
        assertTrue(out().contains("Data: server got \"hello\""), out());
        assertFitsIn120Columns(out());
    }

    private static boolean ipv6() {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Test
    void helpAndVersionEverywhere() {
        for (List<String> args : List.of(List.of("--help"), List.of("scenario", "--help"), List.of("diagram", "--help"),
                List.of("monitor", "--help"), List.of("inspect", "--help"), List.of("inspect", "door", "-h"),
                List.of("scenario", "refused", "-h"))) {
            out.reset();
            assertEquals(0, main.run(args), String.join(" ", args) + ": " + err());
            assertTrue(out().startsWith("Usage: java -jar fsmgen-examples.jar"), out());
            assertFitsIn120Columns(out());
        }
        out.reset();
        assertEquals(0, main.run(List.of("--version")), err());
        assertTrue(out().matches("fsmgen-examples \\d+\\.\\d+\\.\\d+.*\n"), out());
    }

    @Test
    void everyDescriptionInTheHelpLinesUpUnderItsCommand() {
        assertEquals(0, main.run(List.of("--help")), err());
        String commands = out().substring(out().indexOf("Commands:\n") + "Commands:\n".length());
        for (String line : commands.split("\n")) {
            assertTrue(line.matches("  (scenario|monitor|watch|inspect|diagram|--version|--help)( .*)?")
                            || line.matches(" {17}[^ ].*"),
                    "neither a command nor a description at column 17: '" + line + "'");
        }
    }

    @Test
    void scenarioRunsANamedLife() {
        assertEquals(0, main.run(List.of("scenario", "refused")), err());
        assertTrue(out().contains("RCV_RST: SYN_SENT -> CLOSED"), out());
        assertFitsIn120Columns(out());
    }

    @Test
    void simulatedScenarioPrintsItsSequenceDiagram() {
        assertEquals(0, main.run(List.of("scenario", "simultaneous-open", "--seed", "3")), err());
        assertTrue(out().contains("seed 3") && out().contains("SYN_SENT -> SYN_RECEIVED"), out());
    }

    @Test
    void portInUseIsOneLineAndExit1() throws IOException {
        try (ServerSocketChannel taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            assertEquals(1, main.run(List.of("monitor", "--port", Integer.toString(port), "--seconds", "1")));
            assertEquals("fsmgen: cannot listen: port " + port + " on 127.0.0.1 is already in use\n", err());
        }
    }

    @Test
    void missingIpv6IsOneLineAndExit1() throws Exception {
        // A JVM told to use IPv4 only has no IPv6 to give, as on a machine without it.
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.net.preferIPv4Stack=true", "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(), "scenario", "refused", "--ipv6")
                .redirectErrorStream(false)
                .start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the command finishes");
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), stderr);
        assertTrue(stderr.startsWith("fsmgen: IPv6 is not available on this machine"), stderr);
        assertEquals(1, stderr.lines().count(), "one line, no stack trace: " + stderr);
    }

    @Test
    void badArgumentsPrintUsageAndExit2() {
        for (List<String> args : List.of(
                List.of("scenario"),
                List.of("scenario", "nope"),
                List.of("scenario", "refused", "reset"),
                List.of("scenario", "refused", "--fast"),
                List.of("scenario", "refused", "--seed", "3"),
                List.of("scenario", "lossy", "--ipv6"),
                List.of("scenario", "lossy", "--seed"),
                List.of("scenario", "lossy", "--seed", "many"),
                List.of("monitor", "--port"),
                List.of("monitor", "--port", "eighty"),
                List.of("monitor", "--port", "70000"),
                List.of("monitor", "--seconds", "0"),
                List.of("monitor", "--verbose"),
                List.of("diagram", "tcp", "door"),
                List.of("diagram", "--dot", "--table"),
                List.of("diagram", "nope"))) {
            err.reset();
            assertEquals(2, main.run(args), String.join(" ", args));
            assertTrue(err().startsWith("fsmgen: ") && err().contains("\nUsage:"), args + ": " + err());
        }
    }

    /** Each message names the word that is wrong, not a command the user did not type. */
    @Test
    void misplacedWordsAreNamed() {
        Map<List<String>, String> firstLines = Map.of(
                List.of("--ipv6", "foo"), "fsmgen: unexpected argument 'foo' after --ipv6 (for a scenario on ::1:"
                        + " scenario <name> --ipv6)",
                List.of("--web", "abc"), "fsmgen: --web serves the main job, scenario, monitor and watch, and takes"
                        + " an optional port number: not 'abc'",
                List.of("--web", "diagram"), "fsmgen: --web serves the main job, scenario, monitor and watch, and"
                        + " takes an optional port number: not 'diagram'",
                List.of("--version", "bogus"), "fsmgen: unexpected argument 'bogus' after --version",
                List.of("--help", "bogus"), "fsmgen: unexpected argument 'bogus' after --help (for a command's help:"
                        + " <command> --help)",
                List.of("monitor", "--port", "0", "--port", "1"), "fsmgen: --port given twice for monitor",
                List.of("inspect", "door", "--seconds", "1", "--seconds", "2"),
                "fsmgen: --seconds given twice for inspect",
                List.of("scenario", "refused", "--ipv6", "--ipv6"), "fsmgen: --ipv6 given twice for scenario",
                List.of("diagram", "tcp", "--dot", "--dot"), "fsmgen: --dot given twice for diagram");
        firstLines.forEach((args, line) -> {
            err.reset();
            assertEquals(2, main.run(args), String.join(" ", args));
            assertEquals(line, err().lines().findFirst().orElse(""), String.join(" ", args));
        });
    }
}
