package io.fsmgen.examples.door;

import io.fsmgen.web.WebOptions;
import io.fsmgen.web.WebServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live inspector on the README's Door machine: three doors, attached to the page with one call, and an operator
 * who presses buttons at random. The page draws DoorMachine from its build-time model, shows each door's state,
 * and logs every event, the unhandled ones too (OPEN on a locked door, LOCK on an open one).
 */
public final class DoorInspector {

    static final int DOORS = 3;
    private static final Duration PRESS_EVERY = Duration.ofMillis(400);

    private final PrintStream out;
    private final InputStream in;
    private final int port;
    private final Optional<Duration> runFor;

    /**
     * @param runFor how long to run; empty: until Enter
     */
    public DoorInspector(PrintStream out, InputStream in, int port, Optional<Duration> runFor) {
        this.out = out;
        this.in = in;
        this.port = port;
        this.runFor = runFor;
    }

    /** Runs the doors; returns how many events the operator fired. */
    public long run() throws IOException, InterruptedException {
        List<DoorMachine> doors = new ArrayList<>();
        for (int i = 0; i < DOORS; i++) {
            doors.add(new DoorMachine());
        }
        ScheduledExecutorService operator = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "door-operator");
            thread.setDaemon(true);
            return thread;
        });
        long[] fired = new long[1];
        try (WebServer web = WebServer.start(WebOptions.defaults().withPort(port))) {
            // One call attaches the group. The doors are driven by the operator thread only, from here on.
            web.inspect("doors", doors);
            out.println("Live inspector: " + web.uri() + "  (three Door machines; unhandled events show in red)");
            Random random = new Random(42);
            Door.Event[] events = Door.Event.values();
            operator.scheduleAtFixedRate(() -> {
                DoorMachine door = doors.get(random.nextInt(doors.size()));
                door.fire(events[random.nextInt(events.length)]);
                fired[0]++;
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
