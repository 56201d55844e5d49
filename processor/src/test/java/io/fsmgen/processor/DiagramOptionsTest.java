package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Build output scales: a machine past {@code Diagrams.SUMMARY_ABOVE_EDGES} rows that change state gets summarised
 * diagrams (one edge per pair of states, labelled with a count), a spec can ask for full diagrams or none, and the
 * Markdown table lists every row whatever the diagrams are.
 */
class DiagramOptionsTest {

    /** 21 states x 20 events, every cell a transition: 420 rows that change state. */
    private static JavaFileObject wide(String name, String diagrams) {
        StringBuilder rows = new StringBuilder();
        for (int s = 0; s < 21; s++) {
            for (int e = 0; e < 20; e++) {
                rows.append("        @Transition(from = \"S").append(s).append("\", on = \"E").append(e)
                        .append("\", to = \"S").append((s * 7 + e) % 21).append("\"),\n");
            }
        }
        StringBuilder states = new StringBuilder();
        for (int s = 0; s < 21; s++) {
            states.append(s == 0 ? "S" : ", S").append(s);
        }
        StringBuilder events = new StringBuilder();
        for (int e = 0; e < 20; e++) {
            events.append(e == 0 ? "E" : ", E").append(e);
        }
        return source(name, "package test;\n\nimport io.fsmgen.*;\n\n@StateMachine(states = " + name
                + ".S.class, events = " + name + ".E.class, initial = \"S0\"" + diagrams + ", transitions = {\n"
                + rows + "})\npublic abstract class " + name + " {\n    public enum S { " + states
                + " }\n    public enum E { " + events + " }\n}\n");
    }

    @Test
    void aLargeMachineGetsSummarisedDiagramsAndACompleteTable() {
        Compilation compilation = compile(wide("Wide", ""));
        assertThat(compilation).succeeded();
        String mermaid = resource(compilation, "test.WideMachine.mmd").orElseThrow();
        assertThat(mermaid).contains("A summary: one edge per pair of states");
        assertThat(mermaid).contains("    S0 --> S0 : 1 row\n");
        assertThat(mermaid).doesNotContain(" : E0");
        assertThat(resource(compilation, "test.WideMachine.dot").orElseThrow()).contains("A summary");
        String table = resource(compilation, "test.WideMachine.md").orElseThrow();
        assertThat(table.lines().filter(line -> line.matches("\\| S[0-9]+ \\|.*")).count()).isEqualTo(420);
        assertThat(generatedSource(compilation, "test.WideMachine")).contains("Diagrams, summarised for a machine this large");
    }

    @Test
    void theSpecCanAskForFullDiagrams() {
        Compilation compilation = compile(wide("WideFull", ", diagrams = Diagrams.FULL"));
        assertThat(compilation).succeeded();
        String mermaid = resource(compilation, "test.WideFullMachine.mmd").orElseThrow();
        assertThat(mermaid).doesNotContain("A summary");
        assertThat(mermaid).contains("    S0 --> S0 : E0\n");
    }

    @Test
    void theSpecCanSwitchDiagramsOff() {
        Compilation compilation = compile(wide("WideNone", ", diagrams = Diagrams.NONE"));
        assertThat(compilation).succeeded();
        assertThat(resource(compilation, "test.WideNoneMachine.mmd")).isEmpty();
        assertThat(resource(compilation, "test.WideNoneMachine.dot")).isEmpty();
        assertThat(resource(compilation, "test.WideNoneMachine.md")).isPresent();
        assertThat(generatedSource(compilation, "test.WideNoneMachine")).contains("(the spec switched diagrams off)");
    }

    private static Optional<String> resource(Compilation compilation, String name) {
        return compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/fsmgen/" + name)
                .map(DiagramOptionsTest::contents);
    }

    private static String generatedSource(Compilation compilation, String qualifiedName) {
        return contents(compilation.generatedSourceFile(qualifiedName).orElseThrow());
    }

    private static String contents(JavaFileObject file) {
        try {
            return file.getCharContent(false).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
