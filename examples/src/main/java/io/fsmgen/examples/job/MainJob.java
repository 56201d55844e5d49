package io.fsmgen.examples.job;

import io.fsmgen.examples.timeline.TextWrap;
import io.fsmgen.examples.timeline.TimelineRenderer;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code java -jar fsmgen-examples.jar} prints: one connection's life as a timeline, then what to read in it.
 * The {@code scenario} subcommand plays the other scripts the same way.
 */
public final class MainJob {

    /** The demo's own TIME_WAIT: the kernel keeps 60 s, which is too long to watch. */
    public static final Duration DEMO_TIME_WAIT = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** The scenario that runs when the jar is started without arguments. */
    public static final String MAIN_SCENARIO = "client-closes-first";

    private final PrintStream out;
    private final InetAddress loopback;
    private final Consumer<NioTcpRuntime> onRuntime;

    public MainJob(PrintStream out) {
        this(out, InetAddress.getLoopbackAddress());
    }

    public MainJob(PrintStream out, InetAddress loopback) {
        this(out, loopback, runtime -> {});
    }

    /** {@code onRuntime} is given each scenario's runtime as soon as it exists (the live page shows it). */
    public MainJob(PrintStream out, InetAddress loopback, Consumer<NioTcpRuntime> onRuntime) {
        this.out = out;
        this.loopback = loopback;
        this.onRuntime = onRuntime;
    }

    /** The names {@code scenario} accepts for lives on real sockets. */
    public static List<String> socketScenarioNames() {
        return Scripts.all().stream().map(Script::name).toList();
    }

    /** The names {@code scenario} accepts for lives of the user-space endpoint on a simulated network. */
    public static List<String> simulatedScenarioNames() {
        return SimulatedScenarios.names();
    }

    /** The seed a simulated scenario uses unless told otherwise. */
    public static long defaultSeed() {
        return SimulatedScenarios.DEFAULT_SEED;
    }

    /** Plays a simulated scenario and prints its picture; false when there is none of that name. */
    public boolean simulate(String scenario, long seed) {
        Optional<SimulatedScenarios.Played> played = SimulatedScenarios.play(scenario, seed);
        played.ifPresent(result -> {
            out.println("Scenario " + scenario + " (user-space TCP endpoint, simulated network, seed " + seed + "): "
                    + result.description() + ".");
            out.println("Every state change below is decided by the generated TcpMachine.");
            out.println();
            out.print(result.diagram());
            out.println();
            result.states().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(entry ->
                    out.println(entry.getKey() + ": " + entry.getValue().stream().map(Enum::name)
                            .collect(java.util.stream.Collectors.joining(" -> "))));
        });
        return played.isPresent();
    }

    /** The main job: the client closes first. */
    public LoopbackLife.Result run() throws IOException, InterruptedException {
        return run(Scripts.clientClosesFirst());
    }

    /** Plays a named scenario; empty when there is none of that name. */
    public Optional<LoopbackLife.Result> run(String scenario) throws IOException, InterruptedException {
        Optional<Script> script = Scripts.named(scenario);
        return script.isEmpty() ? Optional.empty() : Optional.of(run(script.get()));
    }

    private LoopbackLife.Result run(Script script) throws IOException, InterruptedException {
        LoopbackLife.Result result = new LoopbackLife(DEMO_TIME_WAIT, DEADLINE, loopback, onRuntime).run(script);
        out.print(TextWrap.wrap("Scenario " + script.name() + ": " + Headline.of(result) + ".", 2));
        out.print(TextWrap.wrap("What the applications do: " + script.description() + ".", 2));
        if (script.maxTries() > 1) {
            out.print(TextWrap.wrap("Played " + result.tries() + (result.tries() == 1 ? " time" : " times")
                    + (script.shows(result) ? " to catch it" : ", the most allowed, without catching it")
                    + "; the timeline is the last life.", 2));
        }
        out.println();
        out.print(new TimelineRenderer(result.kernel()).render(result.steps()));
        out.println();
        List<String> notes = new ArrayList<>();
        if (result.steps().stream().anyMatch(step -> step.event().endsWith(LoopbackLife.INFERRED))) {
            notes.add("*  inferred from accept(): the kernel completed the handshake before the application saw the"
                    + " connection; the runtime then takes the server's machine through LISTEN and SYN_RECEIVED"
                    + (result.kernel() ? ", drawn at the kernel's time for each step." : "."));
        }
        if (!result.received().isEmpty()) {
            notes.add("Data: " + String.join("; ", result.received()));
        }
        notes.add(result.kernel()
                ? "Kernel: every state change and reset of this life's sockets as the kernel made it, read from "
                        + result.kernelWhy() + ", at the kernel's own time (the clock of System.nanoTime)."
                : "Kernel: no kernel column: " + result.kernelWhy() + ".");
        if (result.steps().stream().anyMatch(s -> !s.isMachine() && s.to().equals("CLOSE")
                && (s.from().equals("FIN_WAIT2") || s.from().equals("CLOSING")))) {
            notes.add("FIN_WAIT2->CLOSE, CLOSING->CLOSE: the kernel hands the connection to a TIME_WAIT minisocket,"
                    + " which no tracepoint reports; that CLOSE is the machine's TIME_WAIT.");
        }
        notes.add("Runtime: hidden transitions from " + result.source() + ".");
        if (passed(result, "TIME_WAIT")) {
            notes.add("TIME_WAIT: the machines wait " + DEMO_TIME_WAIT.toSeconds() + " s (2 x MSL, shortened for"
                    + " the demo); the kernel keeps its TIME_WAIT for 60 s, as `ss -tan state time-wait` shows (no"
                    + " tracepoint reports its end).");
        }
        if (script.name().equals("refused")) {
            notes.add("Refused: no socket listens on " + LoopbackLife.address(result.target()) + ", so the kernel"
                    + " answers the SYN with a RST instead of a SYN+ACK; connect() fails with ECONNREFUSED"
                    + " (\"Connection refused\") and the connection never existed: no FIN, no TIME_WAIT.");
        }
        for (String note : notes) {
            out.print(TextWrap.wrap(note, 3));
        }
        return result;
    }

    private static boolean passed(LoopbackLife.Result result, String state) {
        return result.steps().stream().anyMatch(step -> step.isMachine() && step.to().equals(state));
    }
}
