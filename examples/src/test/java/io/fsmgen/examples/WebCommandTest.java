package io.fsmgen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --web} on the command line, and the Door inspector. The page itself is tested in fsmgen-web. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WebCommandTest {

    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aScenarioWaitsForThePageThenStreamsItsLifeToIt() throws Exception {
        PipedInputStream outputIn = new PipedInputStream(1 << 16);
        PrintStream out = new PrintStream(new PipedOutputStream(outputIn), true, StandardCharsets.UTF_8);
        Main main = new Main(new ByteArrayInputStream(new byte[0]), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return main.run(List.of("scenario", "reset", "--web"));
            } finally {
                out.close();
            }
        });
        BufferedReader lines = new BufferedReader(new InputStreamReader(outputIn, StandardCharsets.UTF_8));
        List<String> printed = new ArrayList<>();
        URI page = null;
        for (String line; (line = lines.readLine()) != null; ) {
            printed.add(line);
            Matcher url = URL.matcher(line);
            if (page == null && url.find()) {
                page = URI.create(url.group(1));
            }
            if (line.startsWith("Waiting for the page to open")) {
                break;
            }
        }
        assertTrue(page != null, "the URL is printed: " + printed);
        try (Socket stream = new Socket(page.getHost(), page.getPort())) {
            OutputStream request = stream.getOutputStream();
            request.write(("GET /api/views/tcp/events HTTP/1.1\r\nHost: 127.0.0.1:" + page.getPort() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            for (String line; (line = lines.readLine()) != null; ) {
                printed.add(line);
            }
            String events = readAvailable(stream);
            assertTrue(events.contains("\"type\":\"snapshot\""), events);
            assertTrue(events.contains("\"event\":\"ABORT\""), "the page was sent the server's abort: " + events);
        }
        assertEquals(0, exit.get(60, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        String all = String.join("\n", printed);
        assertTrue(all.contains("ABORT: ESTABLISHED -> CLOSED"), "the terminal timeline is still printed: " + all);
        assertTrue(all.contains("The page stays up at " + page + " to replay the timelines"), all);
    }

    @Test
    void webIsRefusedWhereThereIsNoRealSocket() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, main.run(List.of("scenario", "lossy", "--web")));
        assertTrue(err().startsWith("fsmgen: --web is for scenarios on real sockets; lossy runs on a simulated"
                + " network\n"), err());
        err.reset();
        assertEquals(2, main.run(List.of("diagram", "--web")));
        assertTrue(err().startsWith("fsmgen: --web serves the main job, scenario, monitor and watch, and takes an"
                + " optional port number: not 'diagram'\n"), err());
        err.reset();
        assertEquals(2, main.run(List.of("monitor", "--web", "70000")));
        assertTrue(err().startsWith("fsmgen: --web's port must be between 0 and 65535, not 70000\n"), err());
        err.reset();
        assertEquals(2, main.run(List.of("--web", "--web")));
        assertTrue(err().startsWith("fsmgen: --web given twice\n"), err());
    }

    @Test
    void theInspectorRunsTheHierarchicalPlayerOnItsPage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, main.run(List.of("inspect", "player", "--seconds", "1")), err());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(URL.matcher(printed).find() && printed.contains("two media players"), printed);
        assertTrue(printed.contains("The operator pressed "), printed);
    }

    @Test
    void theDoorInspectorRunsThreeDoorsOnItsPage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, main.run(List.of("inspect", "door", "--seconds", "1")), err());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(URL.matcher(printed).find() && printed.contains("Live inspector: "), printed);
        assertTrue(printed.contains("The operator pressed "), printed);
        assertEquals(2, main.run(List.of("inspect", "kettle")));
        assertTrue(err().startsWith("fsmgen: inspect knows door, player, not 'kettle'\n"), err());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** What the server wrote before the command ended and the server closed the stream. */
    private static String readAvailable(Socket stream) throws IOException {
        stream.setSoTimeout(30_000);
        return new String(stream.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
