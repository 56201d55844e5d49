package io.fsmgen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.tun.TunNamespace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code scenario userspace-vs-kernel}: the endpoint against the real kernel, both columns. Needs root and TUN. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UserspaceVsKernelScenarioTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void theEndpointAndTheKernelClosePassingEveryStateSideBySide() {
        Optional<String> reason = TunNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
        assertEquals(0, main.run(List.of("scenario", "userspace-vs-kernel")), err::toString);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Endpoint: CLOSED -> SYN_SENT -> ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT"
                + " -> CLOSED"), text);
        assertTrue(text.contains("the kernel's socket answered \"ack hello, kernel\""), text);
        List<String> rows = text.lines().filter(line -> line.startsWith("+")).toList();
        assertTrue(rows.stream().anyMatch(row -> row.matches(".*SYN_SENT -> ESTABLISHED +ACK -+>.*")), text);
        assertTrue(rows.stream().anyMatch(row -> row.endsWith("-> ESTABLISHED") && row.length() > 80),
                () -> "the kernel column shows ESTABLISHED: " + text);
        assertTrue(rows.stream().anyMatch(row -> row.endsWith("ESTABLISHED -> CLOSE_WAIT")),
                () -> "the kernel column shows CLOSE_WAIT: " + text);
        assertTrue(text.lines().allMatch(line -> line.length() <= 120), text);
        Matcher namespace = Pattern.compile("fsmgen-userspace-vs-kernel-[0-9]+-[0-9a-f]{6}").matcher(text);
        assertTrue(namespace.find(), text);
        assertFalse(Files.exists(Path.of("/run/netns", namespace.group())), "the namespace is deleted");
    }

    @Test
    void takesNoOptions() {
        assertEquals(Main.USAGE, main.run(List.of("scenario", "userspace-vs-kernel", "--ipv6")));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "fsmgen: userspace-vs-kernel takes no options: it runs over IPv4 on a TUN device"));
    }
}
