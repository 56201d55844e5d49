package io.fsmgen.examples.inspect;

import io.fsmgen.Scheduler;
import io.fsmgen.web.WebOptions;
import io.fsmgen.web.WebServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live inspector on an example machine ({@code inspect door}, {@code inspect player}): the machines are attached
 * to the page with one call, and an operator thread presses buttons at random. The page draws the machine from its
 * build-time model, shows each machine's state, and logs every event, unhandled and deferred ones too.
 */
public final class InspectorDemo {

    private static final Duration PRESS_EVERY = Duration.ofMillis(400);

    private final PrintStream out;
    private final InputStream in;
    private final int port;
    private final Optional<Duration> runFor;

    /**
     * @param runFor how long to run; empty: until Enter
     */
    public InspectorDemo(PrintStream out, InputStream in, int port, Optional<Duration> runFor) {
        this.out = out;
        this.in = in;
        this.port = port;
        this.runFor = runFor;
    }

    /** Runs {@code demo}; returns how many events the operator fired. */
    public long run(InspectedMachines demo) throws IOException, InterruptedException {
        ScheduledExecutorService operator = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "inspector-operator");
            thread.setDaemon(true);
            return thread;
        });
        long[] fired = new long[1];
        try (WebServer web = WebServer.start(WebOptions.defaults().withPort(port))) {
            // The machines' timeouts run on the operator thread, which alone drives them from here on.
            Runnable press = demo.attach(web, Scheduler.of(operator), new Random(42));
            out.println("Live inspector: " + web.uri() + "  (" + demo.description() + ")");
            operator.scheduleAtFixedRate(() -> {
                fired[0]++;
                try {
                    press.run();
                } catch (IllegalStateException refused) {
                    // A machine's own refusal (a full deferral queue, say): the page has logged what it heard; a
                    // task that threw would never run again, so the operator carries on.
                    out.println("The machine refused: " + refused.getMessage());
                }
            }, 0, PRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            if (runFor.isPresent()) {
                Thread.sleep(runFor.get().toMillis()); // the demo's own length, not a synchronisation
            } else {
                out.println("Press Enter to stop.");
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            }
        } finally {
            operator.shutdownNow();
            operator.awaitTermination(10, TimeUnit.SECONDS);
        }
        out.println("The operator pressed " + fired[0] + " buttons.");
        return fired[0];
    }
}
