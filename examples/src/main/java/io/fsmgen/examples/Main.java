package io.fsmgen.examples;

import io.fsmgen.examples.inspect.InspectedMachines;
import io.fsmgen.examples.inspect.InspectorDemo;
import io.fsmgen.examples.job.Loopback;
import io.fsmgen.examples.job.MainJob;
import io.fsmgen.examples.job.Monitor;
import io.fsmgen.examples.timeline.TextWrap;
import io.fsmgen.examples.tun.UserspaceVsKernel;
import io.fsmgen.examples.web.LivePage;
import io.fsmgen.examples.web.WebFlag;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The command line of {@code fsmgen-examples.jar}. Each subcommand is a class of its own; this one only parses
 * arguments, prints usage, and turns a user mistake into exit code 2 with a one-line message.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** Machines whose build-time documentation ships in this jar, by the short name users type. */
    static final Map<String, String> MACHINES = new TreeMap<>(Map.of(
            "tcp", "io.fsmgen.tcp.TcpMachine",
            "tcp-rfc1337", "io.fsmgen.tcp.Rfc1337TcpMachine",
            "tcp-rfc793", "io.fsmgen.tcp.Rfc793TcpMachine",
            "tcp-lenient-close", "io.fsmgen.examples.tcp.LenientCloseTcpMachine",
            "door", "io.fsmgen.examples.door.DoorMachine"));

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    /** {@code --web [port]}, taken out of the arguments before the subcommand reads them. */
    private WebFlag web = new WebFlag(Optional.empty(), List.of());

    Main(PrintStream out, PrintStream err) {
        this(System.in, out, err);
    }

    Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err).run(List.of(args)));
    }

    int run(List<String> arguments) {
        try {
            web = WebFlag.parse(arguments);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        List<String> args = web.remaining();
        if (web.enabled() && !args.isEmpty()
                && !List.of("scenario", "monitor", "watch", "--ipv6").contains(args.get(0))) {
            return usageError("--web serves the main job, scenario, monitor and watch, and takes an optional port"
                    + " number: not '" + args.get(0) + "'");
        }
        if (args.isEmpty()) {
            return scenario(List.of(MainJob.MAIN_SCENARIO));
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (command) {
            case "--help", "-h", "help" -> {
                if (!rest.isEmpty()) {
                    yield usageError("unexpected argument '" + rest.get(0) + "' after " + command
                            + " (for a command's help: <command> --help)");
                }
                out.print(usage());
                yield OK;
            }
            case "--version" -> {
                if (!rest.isEmpty()) {
                    yield usageError("unexpected argument '" + rest.get(0) + "' after --version");
                }
                out.println("fsmgen-examples " + version());
                yield OK;
            }
            case "--ipv6" -> { // the main job on ::1
                if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
                    yield usageError("unexpected argument '" + rest.get(0) + "' after --ipv6 (for a scenario on"
                            + " ::1: scenario <name> --ipv6)");
                }
                List<String> scenario = new ArrayList<>(List.of(MainJob.MAIN_SCENARIO));
                scenario.addAll(args);
                yield scenario(scenario);
            }
            case "diagram" -> diagram(rest);
            case "scenario" -> scenario(rest);
            case "monitor" -> monitor(rest);
            case "check" -> new io.fsmgen.examples.check.CheckCommand(out, err).run(rest);
            case "inspect" -> inspect(rest);
            case "watch" -> web.enabled() ? guardedStatus(() -> watchWithWeb(rest))
                    : new io.fsmgen.examples.watch.WatchCommand(out, err).run(rest);
            default -> usageError("unknown subcommand or option '" + command + "'");
        };
    }

    /** The project's version, written into the jar at build time. */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "(version unknown: version.properties is missing; rebuild with mvn package)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown: " + e.getMessage() + ")";
        }
    }

    /** Whether the user asked for a command's help. */
    private boolean helpAsked(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage());
            return true;
        }
        return false;
    }

    private int scenario(List<String> args) {
        if (helpAsked(args)) {
            return OK;
        }
        if (refusedTwice(args, "scenario")) {
            return USAGE;
        }
        String name = null;
        boolean ipv6 = false;
        Long seed = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--ipv6")) {
                ipv6 = true;
            } else if (arg.equals("--seed")) {
                Optional<Long> parsed = numberAfter(args, i++, Long.MIN_VALUE, Long.MAX_VALUE);
                if (parsed.isEmpty()) {
                    return USAGE;
                }
                seed = parsed.get();
            } else if (arg.startsWith("-")) {
                return usageError("unknown option '" + arg + "' for scenario");
            } else if (name != null) {
                return usageError("scenario takes one name");
            } else {
                name = arg;
            }
        }
        List<String> known = new java.util.ArrayList<>(MainJob.socketScenarioNames());
        known.addAll(MainJob.simulatedScenarioNames());
        known.add(UserspaceVsKernel.NAME);
        if (name == null) {
            return usageError("scenario takes one name: " + String.join(", ", known));
        }
        if (!known.contains(name)) {
            return usageError("unknown scenario '" + name + "'; known: " + String.join(", ", known));
        }
        if (name.equals(UserspaceVsKernel.NAME)) {
            if (ipv6 || seed != null || web.enabled()) {
                return usageError(name + " takes no options: it runs over IPv4 on a TUN device");
            }
            return guarded(() -> {
                new UserspaceVsKernel(out).run();
                return null;
            });
        }
        if (MainJob.simulatedScenarioNames().contains(name)) {
            if (web.enabled()) {
                return usageError("--web is for scenarios on real sockets; " + name + " runs on a simulated network");
            }
            if (ipv6) {
                return usageError("--ipv6 is for scenarios on real sockets; " + name + " runs on a simulated network");
            }
            try {
                new MainJob(out).simulate(name, seed == null ? MainJob.defaultSeed() : seed);
                return OK;
            } catch (IllegalStateException e) {
                err.println("fsmgen: " + e.getMessage());
                return FAILED;
            }
        }
        if (seed != null) {
            return usageError("--seed is for simulated scenarios; " + name + " runs on real sockets");
        }
        String scenario = name;
        boolean useIpv6 = ipv6;
        return guarded(() -> withWeb(onRuntime -> new MainJob(out, Loopback.address(useIpv6), onRuntime)
                .run(scenario)));
    }

    private int monitor(List<String> args) {
        if (helpAsked(args)) {
            return OK;
        }
        if (refusedTwice(args, "monitor")) {
            return USAGE;
        }
        int port = 0;
        long seconds = 10;
        boolean ipv6 = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--ipv6" -> ipv6 = true;
                case "--port" -> {
                    Optional<Long> parsed = numberAfter(args, i++, 0, 65535);
                    if (parsed.isEmpty()) {
                        return USAGE;
                    }
                    port = parsed.get().intValue();
                }
                case "--seconds" -> {
                    Optional<Long> parsed = numberAfter(args, i++, 1, 3600);
                    if (parsed.isEmpty()) {
                        return USAGE;
                    }
                    seconds = parsed.get();
                }
                default -> {
                    return usageError("unknown option '" + arg + "' for monitor");
                }
            }
        }
        int chosenPort = port;
        Duration runFor = Duration.ofSeconds(seconds);
        boolean useIpv6 = ipv6;
        return guarded(() -> withWeb(onRuntime -> new Monitor(out, runFor,
                new InetSocketAddress(Loopback.address(useIpv6), chosenPort), onRuntime).run()));
    }

    /**
     * The number after the option at {@code index}, within {@code [min, max]}; empty, with the usage printed, when it
     * is missing, not a number, or out of range.
     */
    private Optional<Long> numberAfter(List<String> args, int index, long min, long max) {
        String option = args.get(index);
        if (index + 1 == args.size()) {
            usageError(option + " needs a number");
            return Optional.empty();
        }
        String value = args.get(index + 1);
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            usageError(option + " needs a number, not '" + value + "'");
            return Optional.empty();
        }
        if (number < min || number > max) {
            usageError(option + " must be between " + min + " and " + max + ", not " + number);
            return Optional.empty();
        }
        return Optional.of(number);
    }

    /** A command's body, which may fail for reasons of the machine rather than of the arguments. */
    @FunctionalInterface
    private interface Command {
        Object run() throws IOException, InterruptedException;
    }

    /** A command given the hook that shows its runtime on the live page. */
    @FunctionalInterface
    private interface RuntimeCommand {
        Object run(Consumer<NioTcpRuntime> onRuntime) throws IOException, InterruptedException;
    }

    /** Runs {@code command}, with the live page around it when {@code --web} was given. */
    private Object withWeb(RuntimeCommand command) throws IOException, InterruptedException {
        if (!web.enabled()) {
            return command.run(runtime -> {});
        }
        try (LivePage page = LivePage.start(web.port().orElseThrow(), out, in)) {
            Object result = command.run(page::show);
            page.holdForReplay();
            return result;
        }
    }

    private int inspect(List<String> args) {
        if (helpAsked(args)) {
            return OK;
        }
        if (refusedTwice(args, "inspect")) {
            return USAGE;
        }
        int port = 0;
        Long seconds = null;
        String machine = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--port" -> {
                    Optional<Long> parsed = numberAfter(args, i++, 0, 65535);
                    if (parsed.isEmpty()) {
                        return USAGE;
                    }
                    port = parsed.get().intValue();
                }
                case "--seconds" -> {
                    Optional<Long> parsed = numberAfter(args, i++, 1, 3600);
                    if (parsed.isEmpty()) {
                        return USAGE;
                    }
                    seconds = parsed.get();
                }
                default -> {
                    if (arg.startsWith("-") || machine != null) {
                        return usageError("unknown option '" + arg + "' for inspect");
                    }
                    machine = arg;
                }
            }
        }
        Optional<InspectedMachines> demo = machine == null ? Optional.empty() : InspectedMachines.named(machine);
        if (demo.isEmpty()) {
            return usageError(machine == null ? "inspect takes a machine: " + InspectedMachines.names()
                    : "inspect knows " + InspectedMachines.names() + ", not '" + machine + "'");
        }
        int chosenPort = port;
        Optional<Duration> runFor = Optional.ofNullable(seconds).map(Duration::ofSeconds);
        return guarded(() -> new InspectorDemo(out, in, chosenPort, runFor).run(demo.get()));
    }

    /** {@code watch --web}: the host's connections on the live page, for as long as the watch runs. */
    private int watchWithWeb(List<String> rest) throws IOException {
        try (LivePage page = LivePage.start(web.port().orElseThrow(), out, in)) {
            int status = new io.fsmgen.examples.watch.WatchCommand(out, err, page.watchObserver()).run(rest);
            if (status == OK) {
                page.holdForReplay();
            }
            return status;
        }
    }

    /** {@link #guarded}, for a command that returns its own exit status. */
    private int guardedStatus(StatusCommand command) {
        int[] status = {OK};
        int guarded = guarded(() -> status[0] = command.run());
        return guarded == OK ? status[0] : guarded;
    }

    /** A command that returns its exit status. */
    @FunctionalInterface
    private interface StatusCommand {
        int run() throws IOException, InterruptedException;
    }

    /** Runs {@code command}; a problem of the machine (port in use, no IPv6) is one line and exit code 1. */
    private int guarded(Command command) {
        try {
            command.run();
            return OK;
        } catch (BindException e) {
            err.println("fsmgen: " + (e.getMessage().startsWith("cannot ") ? "" : "cannot listen: ") + e.getMessage());
            return FAILED;
        } catch (IOException e) { // Loopback.Unavailable (no IPv6) among them
            err.println("fsmgen: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("fsmgen: interrupted");
            return FAILED;
        }
    }

    private int diagram(List<String> args) {
        if (helpAsked(args)) {
            return OK;
        }
        if (refusedTwice(args, "diagram")) {
            return USAGE;
        }
        String format = null;
        String machine = null;
        for (String arg : args) {
            String asked = switch (arg) {
                case "--dot" -> "dot";
                case "--mermaid" -> "mmd";
                case "--table" -> "md";
                default -> null;
            };
            if (asked != null) {
                if (format != null && !format.equals(asked)) {
                    return usageError("diagram takes one format; --mermaid, --dot and --table exclude each other");
                }
                format = asked;
            } else if (arg.startsWith("-")) {
                return usageError("unknown option '" + arg + "' for diagram");
            } else if (machine != null) {
                return usageError("diagram takes one machine, not '" + machine + "' and '" + arg + "'");
            } else {
                machine = arg;
            }
        }
        format = format == null ? "mmd" : format;
        machine = machine == null ? "tcp" : machine;
        String className = MACHINES.get(machine);
        if (className == null) {
            return usageError("unknown machine '" + machine + "'; known: " + String.join(", ", MACHINES.keySet()));
        }
        String resource = "META-INF/fsmgen/" + className + "." + format;
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                err.println("fsmgen: " + resource + " is missing from the jar; rebuild with mvn package");
                return 1;
            }
            out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return OK;
        } catch (IOException e) {
            err.println("fsmgen: cannot read " + resource + ": " + e.getMessage());
            return 1;
        }
    }

    /** Whether {@code args} gives an option twice, a mistake to name rather than a choice of the last; says so. */
    private boolean refusedTwice(List<String> args, String command) {
        Optional<String> twice = RepeatedOption.first(args, java.util.Set.of());
        twice.ifPresent(option -> usageError(option + " given twice for " + command));
        return twice.isPresent();
    }

    private int usageError(String problem) {
        err.println("fsmgen: " + problem);
        err.print(usage());
        return USAGE;
    }

    static String usage() {
        String indent = " ".repeat(17);
        return "Usage: java -jar fsmgen-examples.jar [command]\n"
                + "\n"
                + "With no command (or with just --ipv6): watch a real TCP connection on loopback open and close, state by"
                + " state.\n"
                + "Add --web [port] to the main job, a scenario on real sockets, monitor or watch to watch it in a browser\n"
                + "as well: the TCP state diagram, the connection table and each connection's timeline, served on\n"
                + "127.0.0.1 (a free port unless one is given).\n"
                + "\n"
                + "Commands:\n"
                + "  scenario <name> [--ipv6] [--web [port]]\n"
                + TextWrap.wrap(indent + "another life on real sockets: "
                        + String.join(", ", MainJob.socketScenarioNames()), 17)
                + "  scenario <name> [--seed N]\n"
                + TextWrap.wrap(indent + "a life of the user-space TCP endpoint on a simulated network: "
                        + String.join(", ", MainJob.simulatedScenarioNames()), 17)
                + "  scenario " + UserspaceVsKernel.NAME + "\n"
                + indent + "the user-space endpoint against Linux's TCP over a TUN device (needs root)\n"
                + "  monitor [--port N] [--seconds N] [--ipv6] [--web [port]]\n"
                + indent + "an echo server with a live ss-style table and the CLOSE_WAIT leak detector\n"
                + "  watch [--port P]... [--pid N] [--state S] [--seconds S] [--web [port]]\n"
                + indent + "every TCP connection of the host through the kernel's tracepoints (root);\n"
                + indent + "watch --help for every option\n"
                + "  inspect door|player [--port N] [--seconds N]\n"
                + indent + "the live inspector in a browser, on three Door machines or two media players (a\n"
                + indent + "hierarchical machine) driven at random\n"
                + "  diagram [machine] [--mermaid|--dot|--table]\n"
                + indent + "print a machine's diagram or transition table, generated at build time\n"
                + TextWrap.wrap(indent + "machines: " + String.join(", ", MACHINES.keySet()), 17)
                + "  --version      the version of this jar\n"
                + "  --help         this text (also after any command)\n";
    }
}
