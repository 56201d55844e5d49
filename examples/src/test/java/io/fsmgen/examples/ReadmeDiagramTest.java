package io.fsmgen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README shows the TCP machine's Mermaid diagram, which the processor generates at build time. This test fails
 * when the copy drifts from the generated one. To refresh the copy, run it with {@code FSMGEN_UPDATE_README=1}.
 */
class ReadmeDiagramTest {

    private static final String START = "<!-- tcp-mermaid:start (generated at build time from TcpSpec; a test fails"
            + " if this copy drifts) -->\n";
    private static final String END = "<!-- tcp-mermaid:end -->";

    @Test
    void readmeCarriesTheGeneratedTcpDiagram() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md lacks the tcp-mermaid markers");
        String expected = "```mermaid\n" + generatedDiagram() + "```\n";
        String actual = text.substring(start + START.length(), end);
        if (System.getenv("FSMGEN_UPDATE_README") != null) {
            Files.writeString(readme, text.substring(0, start + START.length()) + expected + text.substring(end));
            return;
        }
        assertEquals(expected, actual, "README.md's TCP diagram differs from the generated one;"
                + " rerun this test with FSMGEN_UPDATE_README=1 to copy it");
    }

    private static String generatedDiagram() throws IOException {
        try (InputStream in = ReadmeDiagramTest.class.getClassLoader()
                .getResourceAsStream("META-INF/fsmgen/io.fsmgen.tcp.TcpMachine.mmd")) {
            assertNotNull(in, "the processor did not write TcpMachine.mmd");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
