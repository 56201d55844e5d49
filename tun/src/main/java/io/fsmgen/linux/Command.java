package io.fsmgen.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short system command ({@code ip}, {@code ss}, {@code sysctl}) to completion and returns what it printed;
 * a command that fails, or outlives its timeout (then it is killed), becomes an {@link IOException} that quotes the
 * command line and what it wrote to standard error.
 */
public final class Command {

    /** Enough for any {@code ip} or {@code ss} call on a loaded machine. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Command() {
    }

    /** Runs {@code argv} with {@link #DEFAULT_TIMEOUT}; returns its standard output. */
    public static String run(String... argv) throws IOException {
        return run(DEFAULT_TIMEOUT, List.of(argv));
    }

    /** Runs {@code argv}, killing it after {@code timeout}; returns its standard output. */
    public static String run(Duration timeout, List<String> argv) throws IOException {
        String line = String.join(" ", argv);
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException cannotStart) {
            throw new IOException("cannot run '" + line + "': " + cannotStart.getMessage(), cannotStart);
        }
        process.getOutputStream().close();
        CompletableFuture<String> output = drain(process.getInputStream(), line);
        CompletableFuture<String> errors = drain(process.getErrorStream(), line);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("'" + line + "' did not finish within " + timeout.toSeconds() + " s");
            }
            String stderr = errors.get(timeout.toMillis(), TimeUnit.MILLISECONDS).strip();
            if (process.exitValue() != 0) {
                throw new IOException("'" + line + "' exited with " + process.exitValue()
                        + (stderr.isEmpty() ? "" : ": " + stderr));
            }
            return output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running '" + line + "'", interrupted);
        } catch (ExecutionException | java.util.concurrent.TimeoutException unread) {
            throw new IOException("cannot read what '" + line + "' wrote to standard error", unread);
        }
    }

    /** Reads a stream to its end on a thread of its own, so that neither pipe can fill up and stall the command. */
    private static CompletableFuture<String> drain(InputStream in, String line) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException failure) {
                text.completeExceptionally(failure);
            }
        }, "output of " + line);
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
