package io.fsmgen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every diagram the build generated for the project's own machines (the TCP machine and its variants, the NIO
 * machine, the door, the test specs) parses with the real parsers: Graphviz's {@code dot} and Mermaid's own parser
 * ({@code tools/diagram-check}). {@code .ci/run} installs both; elsewhere the test is skipped and says how.
 */
class GeneratedDiagramsParseTest {

    private static final Path TOOLS = Path.of("..", "tools", "diagram-check").toAbsolutePath().normalize();

    private static List<Path> diagrams(String extension) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String module : List.of("../runtime/target/classes", "target/classes", "target/test-classes")) {
            Path dir = Path.of(module, "META-INF", "fsmgen");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(file -> file.toString().endsWith("." + extension)).forEach(found::add);
                }
            }
        }
        return found;
    }

    private static void requireTools() {
        boolean present = Files.isDirectory(TOOLS.resolve("node_modules").resolve("mermaid")) && run("dot", "-V") == 0;
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("CI must have Graphviz's dot and Mermaid's parser: .ci/run installs them");
        }
        Assumptions.assumeTrue(present, "needs Graphviz's dot and Node with Mermaid: apt-get install graphviz nodejs"
                + " npm && npm ci --prefix tools/diagram-check (as .ci/run does)");
    }

    @Test
    void everyGeneratedDiagramParses() throws IOException {
        requireTools();
        List<Path> dots = diagrams("dot");
        List<Path> mermaids = diagrams("mmd");
        assertTrue(dots.stream().anyMatch(file -> file.toString().endsWith("io.fsmgen.tcp.TcpMachine.dot")), "" + dots);
        List<String> graphviz = new ArrayList<>(List.of("dot", "-Tcanon", "-o", "/dev/null"));
        dots.forEach(file -> graphviz.add(file.toString()));
        assertEquals(0, run(graphviz.toArray(String[]::new)), "Graphviz rejected one of " + dots);
        List<String> command = new ArrayList<>(List.of("node", TOOLS.resolve("check-mermaid.mjs").toString()));
        mermaids.forEach(file -> command.add(file.toString()));
        assertEquals(0, run(command.toArray(String[]::new)), "Mermaid's parser rejected one of " + mermaids);
    }

    private static int run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            if (process.exitValue() != 0) {
                System.err.println(output);
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
