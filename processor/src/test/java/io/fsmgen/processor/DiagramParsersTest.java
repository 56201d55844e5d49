package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.source;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The diagrams show everything the table says, and their real parsers accept them: Graphviz's {@code dot} for the
 * DOT files, Mermaid's own parser (run by Node under {@code tools/diagram-check}) for the Mermaid files, on machines
 * with hooks, timeouts, internal transitions, guards, an error state, and states named like the keywords of either
 * language. {@code .ci/run} installs both tools; elsewhere, without them, the test is skipped and says how to get them.
 */
class DiagramParsersTest {

    private static final Path TOOLS = Path.of("..", "tools", "diagram-check").toAbsolutePath().normalize();

    private static final JavaFileObject EVERYTHING = source("Kettle", kettle());

    /** The source of {@link #EVERYTHING}, which {@link #SUMMARISED} reuses under another name. */
    private static String kettle() {
        return """
            package test;

            import io.fsmgen.*;
            import java.time.Duration;

            @StateMachine(
                    states = Kettle.State.class,
                    events = Kettle.Event.class,
                    initial = "OFF",
                    finalStates = "BROKEN",
                    errorState = "BROKEN",
                    transitions = {
                        @Transition(from = "OFF", on = "SWITCH_ON", guard = "!empty", to = "HEATING"),
                        @Transition(from = "HEATING", on = "TEMPERATURE", guard = "boiling", action = "whistle",
                                to = "OFF"),
                        @Transition(from = "HEATING", on = "TEMPERATURE", action = "record"),
                        @Transition(from = "HEATING", on = "TOO_LONG", to = "BROKEN"),
                        @Transition(from = "*", on = "SWITCH_OFF", to = "OFF"),
                    })
            public abstract class Kettle {
                public enum State { OFF, HEATING, BROKEN }

                public enum Event { SWITCH_ON, TEMPERATURE, TOO_LONG, SWITCH_OFF }

                boolean empty() { return false; }
                boolean boiling() { return true; }
                void whistle() {}
                void record() {}

                @OnEntry("HEATING")
                void heaterOn() {}

                @OnExit("HEATING")
                void heaterOff() {}

                @Timeout(state = "HEATING", fire = "TOO_LONG")
                Duration maxHeating() { return Duration.ofMinutes(5); }

                Scheduler scheduler() { return Scheduler.none(); }
            }
            """;
    }

    /** States and events named like DOT keywords and Mermaid's reserved words ({@code class} in any case). */
    private static final JavaFileObject KEYWORDS = source("Words", """
            package test;

            import io.fsmgen.*;

            @StateMachine(
                    states = Words.State.class,
                    events = Words.Event.class,
                    initial = "node",
                    finalStates = "end",
                    transitions = {
                        @Transition(from = "node", on = "edge", to = "graph"),
                        @Transition(from = "graph", on = "edge", to = "digraph"),
                        @Transition(from = "digraph", on = "edge", to = "subgraph"),
                        @Transition(from = "subgraph", on = "edge", to = "strict"),
                        @Transition(from = "strict", on = "edge", to = "state"),
                        @Transition(from = "state", on = "edge", to = "note"),
                        @Transition(from = "note", on = "edge", to = "CLASS"),
                        @Transition(from = "CLASS", on = "edge", to = "DEFAULT"),
                        @Transition(from = "DEFAULT", on = "edge", to = "style"),
                        @Transition(from = "style", on = "edge", to = "end"),
                        @Transition(from = "end", on = "state", action = "note"),
                    })
            abstract class Words {
                enum State { node, graph, digraph, subgraph, strict, state, note, CLASS, DEFAULT, style, end }

                enum Event { edge, state }

                void note() {}
            }
            """);

    /** The same words in a machine with a composite, whose diagrams nest: {@code note} holds {@code node}, {@code state}. */
    private static final JavaFileObject NESTED_KEYWORDS = source("Nested", """
            package test;

            import io.fsmgen.*;

            @StateMachine(
                    states = Nested.State.class,
                    events = Nested.Event.class,
                    initial = "graph",
                    composites = @Composite(state = "note", children = {"node", "state"}, initial = "node"),
                    transitions = {
                        @Transition(from = "graph", on = "edge", to = "note"),
                        @Transition(from = "node", on = "edge", to = "state"),
                        @Transition(from = "note", on = "end", to = "graph"),
                    })
            abstract class Nested {
                enum State { graph, note, node, state }

                enum Event { edge, end }
            }
            """);

    /** {@link #EVERYTHING} with its diagrams summarised, as a very large machine's are. */
    private static final JavaFileObject SUMMARISED = source("KettleSummary", kettle()
            .replace("class Kettle", "class KettleSummary")
            .replace("Kettle.", "KettleSummary.")
            .replace("initial = \"OFF\",", "initial = \"OFF\", diagrams = Diagrams.SUMMARY,"));

    /**
     * 46 states x 46 events, each state reaching all 46: 2,116 edges even summarised, past which the summary keeps
     * each state's three most frequent targets and counts the rest in comments.
     */
    private static final JavaFileObject PRUNED = pruned(46);

    private static JavaFileObject pruned(int size) {
        StringBuilder rows = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (int s = 0; s < size; s++) {
            names.append(s == 0 ? "X" : ", X").append(s);
            for (int e = 0; e < size; e++) {
                rows.append("        @Transition(from = \"X").append(s).append("\", on = \"V").append(e)
                        .append("\", to = \"X").append((s * 7 + e) % size).append("\"),\n");
            }
        }
        return source("Pruned", "package test;\n\nimport io.fsmgen.*;\n\n@StateMachine(states = Pruned.S.class,"
                + " events = Pruned.V.class, initial = \"X0\", transitions = {\n" + rows + "})\n"
                + "abstract class Pruned {\n    enum S { " + names + " }\n    enum V { "
                + names.toString().replace('X', 'V') + " }\n}\n");
    }

    private static boolean toolsPresent;

    @BeforeAll
    static void findTools() {
        boolean dot = run(List.of("dot", "-V")).exit() == 0;
        boolean node = Files.isDirectory(TOOLS.resolve("node_modules").resolve("mermaid"))
                && run(List.of("node", "--version")).exit() == 0;
        toolsPresent = dot && node;
        if (!toolsPresent && System.getenv("CI") != null) {
            throw new AssertionError("CI must have Graphviz's dot and Mermaid's parser: .ci/run installs them"
                    + " (dot: " + dot + ", node with " + TOOLS + "/node_modules: " + node + ")");
        }
    }

    private static void requireTools() {
        if (!toolsPresent) {
            throw new TestAbortedException("needs Graphviz's dot and Node with Mermaid: apt-get install graphviz"
                    + " nodejs npm && npm ci --prefix tools/diagram-check (as .ci/run does)");
        }
    }

    @Test
    void mermaidShowsHooksTimeoutsInternalTransitionsGuardsAndTheErrorState() throws IOException {
        String mermaid = resource(compile(EVERYTHING), "test.KettleMachine.mmd");
        assertThat(mermaid).contains("    OFF --> HEATING : SWITCH_ON [!empty]\n");
        assertThat(mermaid).contains("    HEATING --> OFF : TEMPERATURE [boiling] / whistle<br/>SWITCH_OFF\n");
        assertThat(mermaid).contains("    HEATING : entry / heaterOn\n");
        assertThat(mermaid).contains("    HEATING : exit / heaterOff\n");
        assertThat(mermaid).contains("    HEATING : TEMPERATURE / record (internal)\n");
        assertThat(mermaid).contains("    HEATING : after maxHeating() / TOO_LONG\n");
        assertThat(mermaid).contains("    BROKEN : error state: entered when a spec method throws\n");
    }

    @Test
    void dotQuotesEveryIdentifierAndShowsWhatHappensInsideStates() throws IOException {
        String dot = resource(compile(EVERYTHING), "test.KettleMachine.dot");
        assertThat(dot).startsWith("digraph \"KettleMachine\" {\n");
        assertThat(dot).contains("    \"HEATING\" [label=\"HEATING\\nentry / heaterOn\\nexit / heaterOff\\n"
                + "TEMPERATURE / record (internal)\\nafter maxHeating() / TOO_LONG\"];\n");
        assertThat(dot).contains("    \"OFF\" -> \"HEATING\" [label=\"SWITCH_ON [!empty]\"];\n");
        String keywords = resource(compile(KEYWORDS), "test.WordsMachine.dot");
        assertThat(keywords).contains("    \"node\" -> \"graph\" [label=\"edge\"];\n");
    }

    @Test
    void summariesSayTheyAreSummariesAndKeepWhatHappensInsideStates() throws IOException {
        String mermaid = resource(compile(SUMMARISED), "test.KettleSummaryMachine.mmd");
        assertThat(mermaid).startsWith("---\ntitle: KettleSummaryMachine (summary)\n---\nstateDiagram-v2\n"
                + "    %% A summary: one edge per pair of states");
        assertThat(mermaid).contains("    HEATING --> OFF : 2 rows\n");
        assertThat(mermaid).contains("    HEATING : entry / heaterOn\n");
        assertThat(mermaid).contains("    HEATING : 1 internal transition\n");
        assertThat(mermaid).contains("    HEATING : after maxHeating() / TOO_LONG\n");
        String dot = resource(compile(SUMMARISED), "test.KettleSummaryMachine.dot");
        assertThat(dot).contains("    label=\"KettleSummaryMachine (summary)\";\n");
        assertThat(dot).contains("    // A summary: one edge per pair of states");
        String pruned = resource(compile(PRUNED), "test.PrunedMachine.mmd");
        assertThat(pruned).contains("    %% X0: 43 more targets (43 rows) not drawn\n");
        assertThat(pruned.lines().filter(line -> line.contains(" --> ") && !line.contains("[*]")).count())
                .isEqualTo(46 * 3);
    }

    @Test
    void graphvizAcceptsEveryDotFile(@TempDir Path dir) throws IOException {
        requireTools();
        List<String> command = new ArrayList<>(List.of("dot", "-Tcanon", "-o", dir.resolve("out.gv").toString()));
        command.addAll(write(dir, "dot"));
        Result result = run(command);
        assertWithMessage("dot:\n%s", result.output()).that(result.exit()).isEqualTo(0);
    }

    /**
     * One run of the parser (Node and Mermaid take seconds to start): both generated files parse, and a hand-written
     * one with a state named {@code state}, which fsmgen declares with an alias, does not: the parser is real.
     */
    @Test
    void mermaidsParserAcceptsEveryMermaidFileAndRejectsAKeywordWithoutItsAlias(@TempDir Path dir)
            throws IOException {
        requireTools();
        Path broken = dir.resolve("broken.mmd");
        Files.writeString(broken, "stateDiagram-v2\n    [*] --> node\n    node --> state : edge\n", UTF_8);
        List<String> command = new ArrayList<>(List.of("node", TOOLS.resolve("check-mermaid.mjs").toString()));
        List<String> files = write(dir, "mmd");
        command.addAll(files);
        command.add(broken.toString());
        Result result = run(command);
        for (String file : files) {
            assertWithMessage("%s", result.output()).that(result.output()).contains("ok " + file + " stateDiagram");
        }
        assertWithMessage("%s", result.output()).that(result.output()).contains("error " + broken);
        assertThat(result.exit()).isEqualTo(1);
        assertThat(resource(compile(KEYWORDS), "test.WordsMachine.mmd")).contains("    state \"state\" as state_5\n");
    }

    private static List<String> write(Path dir, String extension) throws IOException {
        List<String> files = new ArrayList<>();
        var specs = java.util.Map.of("test.KettleMachine", EVERYTHING, "test.WordsMachine", KEYWORDS,
                "test.KettleSummaryMachine", SUMMARISED, "test.PrunedMachine", PRUNED, "test.NestedMachine",
                NESTED_KEYWORDS);
        for (var entry : List.of(new String[] {"test.KettleMachine", "k"}, new String[] {"test.WordsMachine", "w"},
                new String[] {"test.KettleSummaryMachine", "s"}, new String[] {"test.PrunedMachine", "p"})) {
            Compilation compilation = compile(specs.get(entry[0]));
            Path file = dir.resolve(entry[1] + "." + extension);
            Files.writeString(file, resource(compilation, entry[0] + "." + extension), UTF_8);
            files.add(file.toString());
        }
        return files;
    }

    private static final java.util.Map<JavaFileObject, Compilation> COMPILED = new java.util.HashMap<>();

    /** Each spec is compiled once for all the tests. */
    private static synchronized Compilation compile(JavaFileObject spec) {
        return COMPILED.computeIfAbsent(spec, source -> {
            Compilation compilation = Fixtures.javac().compile(source);
            assertThat(compilation).succeeded();
            return compilation;
        });
    }

    private static String resource(Compilation compilation, String name) throws IOException {
        JavaFileObject file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/fsmgen/" + name)
                .orElseThrow(() -> new AssertionError("no " + name));
        try (InputStream in = file.openInputStream()) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(timed out)");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
