package io.fsmgen.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command line of {@code fsmgen-examples.jar}. Each subcommand is a class of its own; this one only parses
 * arguments, prints usage, and turns a user mistake into exit code 2 with a one-line message.
 */
public final class Main {

    static final int OK = 0;
    static final int USAGE = 2;

    /** Machines whose build-time documentation ships in this jar, by the short name users type. */
    static final Map<String, String> MACHINES = new TreeMap<>(Map.of(
            "tcp", "io.fsmgen.tcp.TcpMachine",
            "tcp-rfc1337", "io.fsmgen.tcp.Rfc1337TcpMachine",
            "tcp-rfc793", "io.fsmgen.tcp.Rfc793TcpMachine",
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
            default -> usageError("unknown subcommand or option '" + command + "'");
        };
    }

    private int mainJob() {
        out.println("fsmgen examples. The main job (a real TCP connection watched state by state, with the kernel");
        out.println("alongside) is being built; until then, try the generated documentation:");
        out.println();
        out.print(usage());
        return OK;
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

                Commands:
                  diagram [machine] [--mermaid|--dot|--table]
                                 print a machine's diagram or transition table, generated at build time
                                 machines: %s
                  --help         this text
                """.formatted(String.join(", ", MACHINES.keySet()));
    }
}
