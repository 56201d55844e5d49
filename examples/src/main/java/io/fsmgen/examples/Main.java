package io.fsmgen.examples;

import io.fsmgen.examples.job.Loopback;
import io.fsmgen.examples.job.MainJob;
import io.fsmgen.examples.job.Monitor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err).run(List.of(args)));
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            return mainJob();
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (command) {
            case "--help", "-h", "help" -> {
                out.print(usage());
                yield OK;
            }
            case "diagram" -> diagram(rest);
            case "scenario" -> scenario(rest);
            case "monitor" -> monitor(rest);
            case "check" -> new io.fsmgen.examples.check.CheckCommand(out, err).run(rest);
            default -> usageError("unknown subcommand or option '" + command + "'");
        };
    }

    private int mainJob() {
        return scenario(List.of(MainJob.MAIN_SCENARIO));
    }

    private int scenario(List<String> args) {
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
        if (name == null) {
            return usageError("scenario takes one name: " + String.join(", ", known));
        }
        if (!known.contains(name)) {
            return usageError("unknown scenario '" + name + "'; known: " + String.join(", ", known));
        }
        if (MainJob.simulatedScenarioNames().contains(name)) {
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
        return guarded(() -> new MainJob(out, Loopback.address(useIpv6)).run(scenario));
    }

    private int monitor(List<String> args) {
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
        return guarded(() -> new Monitor(out, runFor,
                new InetSocketAddress(Loopback.address(useIpv6), chosenPort)).run());
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

    /** Runs {@code command}; a problem of the machine (port in use, no IPv6) is one line and exit code 1. */
    private int guarded(Command command) {
        try {
            command.run();
            return OK;
        } catch (BindException e) {
            err.println("fsmgen: cannot listen: " + e.getMessage());
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
        String format = "mmd";
        String machine = "tcp";
        for (String arg : args) {
            switch (arg) {
                case "--dot" -> format = "dot";
                case "--mermaid" -> format = "mmd";
                case "--table" -> format = "md";
                default -> {
                    if (arg.startsWith("-")) {
                        return usageError("unknown option '" + arg + "' for diagram");
                    }
                    machine = arg;
                }
            }
        }
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

    private int usageError(String problem) {
        err.println("fsmgen: " + problem);
        err.print(usage());
        return USAGE;
    }

    static String usage() {
        return """
                Usage: java -jar fsmgen-examples.jar [command]

                With no command: watch a real TCP connection on loopback open and close, state by state.

                Commands:
                  scenario <name> [--ipv6]
                                 another life on real sockets: %s
                  scenario <name> [--seed N]
                                 a life of the user-space TCP endpoint on a simulated network: %s
                  monitor [--port N] [--seconds N] [--ipv6]
                                 an echo server with a live ss-style table and the CLOSE_WAIT leak detector
                  diagram [machine] [--mermaid|--dot|--table]
                                 print a machine's diagram or transition table, generated at build time
                                 machines: %s
                  --help         this text
                """.formatted(String.join(", ", MainJob.socketScenarioNames()),
                        String.join(", ", MainJob.simulatedScenarioNames()), String.join(", ", MACHINES.keySet()));
    }
}
