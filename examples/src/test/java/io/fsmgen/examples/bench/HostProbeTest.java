package io.fsmgen.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tools/host-probe/run}, which {@code BENCHMARKS.md} cites to tell the host's spread from the benchmarks':
 * it compiles, runs its processes, summarises them as {@code ForkSummary} does, and names a wrong argument. Windows
 * of 20 ms keep it short; nothing here depends on the speeds it reports.
 */
class HostProbeTest {

    private static final Path RUN = Path.of("..", "tools", "host-probe", "run");

    @Test
    void twoProcessesGiveOneSummaryLinePerLoop() throws Exception {
        Result result = run("2", "0", "1", "0.02");

        assertEquals(0, result.exitCode, result.stderr);
        List<String> lines = result.stdout.lines().toList();
        assertEquals(3, lines.size(), result.stdout);
        assertTrue(lines.get(0).startsWith("# host probe: 2 processes x (0 warm-up + 1 measured windows of 0.02 s)"),
                lines.get(0));
        Pattern summary = Pattern.compile("(dispatch|loadchain) +ns/event( +\\d+\\.\\d\\d){2} +median \\d+\\.\\d\\d,"
                + " spread \\d+ %, windows \\d+\\.\\d\\d-\\d+\\.\\d\\d, [0-2] of 2 processes changed speed inside.*");
        assertTrue(summary.matcher(lines.get(1)).matches() && lines.get(1).startsWith("dispatch"), lines.get(1));
        assertTrue(summary.matcher(lines.get(2)).matches() && lines.get(2).startsWith("loadchain"), lines.get(2));
    }

    @Test
    void aWrongProcessCountIsNamed() throws Exception {
        Result result = run("x");

        assertEquals(2, result.exitCode);
        assertEquals("host-probe: FORKS must be a whole number from 1 to 100, got 'x'\n", result.stderr);
        assertEquals("", result.stdout);
    }

    @Test
    void aWrongWindowIsNamedBeforeAnyProcessRuns() throws Exception {
        Result result = run("1", "0", "1", "0");

        assertEquals(2, result.exitCode);
        assertEquals("host_probe: SECONDS_PER_WINDOW must be a number from 0.01 to 60, got '0'\n", result.stderr);
        assertEquals("", result.stdout);
    }

    @Test
    void anArgumentTooManyIsNamed() throws Exception {
        Result result = run("1", "0", "1", "0.02", "extra");

        assertEquals(2, result.exitCode);
        assertTrue(result.stderr.startsWith("host-probe: at most 4 arguments, got 5; usage: tools/host-probe/run"),
                result.stderr);
        assertEquals("", result.stdout);
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private static Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", RUN.toString()));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile("host-probe", ".out");
        Path err = Files.createTempFile("host-probe", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tools/host-probe/run did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
