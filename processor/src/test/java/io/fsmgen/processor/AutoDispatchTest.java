package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.fsmgen.processor.model.DispatchPlan;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The shape {@code dispatch = AUTO} picks for a machine whose every cell runs an action (so none is plain): the
 * nested switch up to {@link DispatchPlan#SWITCH_MAX_CELLS} cells, where its whole dispatch inlines into a caller,
 * and the cell table past it, where a nested switch compiles too big to inline in some runs and not in others. The
 * generated Javadoc says which, and why.
 */
class AutoDispatchTest {

    @Test
    void aMachineOfSixtyFourActionCellsKeepsTheNestedSwitch() throws IOException {
        String source = generate(8, 8);
        assertTrue(source.contains("Dispatch: a switch on the state, then a switch on the event per state"), source);
        assertTrue(source.contains("= 64 cells, 0 of them plain"), source);
        assertFalse(source.contains("CELLS["), "no cell table in the code");
    }

    @Test
    void aMachineOfSixtyFiveActionCellsGetsTheCellTable() throws IOException {
        String source = generate(5, 13);
        assertTrue(source.contains("Dispatch: a cell table"), source);
        assertTrue(source.contains("more than 64 cells"), source);
        assertTrue(source.contains("CELLS["), "the code looks the cell up");
    }

    /** The TCP machine's size, 11 states x 18 events, gets the table too. */
    @Test
    void aMachineOfTcpsSizeGetsTheCellTable() throws IOException {
        String source = generate(11, 18);
        assertTrue(source.contains("Dispatch: a cell table"), source);
        assertTrue(source.contains("CELLS["), "the code looks the cell up");
    }

    /** An explicit TABLE too large for the table's chars keeps the switch, and the build says so on the value. */
    @Test
    void anExplicitTableTooLargeForItsCharsIsAWarning() {
        StringBuilder states = new StringBuilder();
        for (int s = 0; s < 256; s++) {
            states.append(s == 0 ? "S" : ", S").append(s);
        }
        String spec = "package auto;\n\nimport io.fsmgen.*;\n\n@SuppressWarnings(\"fsmgen\")\n"
                + "@StateMachine(states = Wide.State.class, events = Wide.State.class, initial = \"S0\",\n"
                + "        dispatch = Dispatch.TABLE,\n"
                + "        transitions = @Transition(from = \"S0\", on = \"S1\", to = \"S1\"))\n"
                + "abstract class Wide {\n  enum State { " + states + " }\n}\n";
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("auto.Wide", spec));
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[FsmDispatchIgnored] dispatch = TABLE does not apply to 256"
                + " states x 256 events, whose cell codes would not fit the table's chars (at most 65,535): the"
                + " machine keeps the nested switch");
    }

    private static String generate(int states, int events) throws IOException {
        String name = "Actions" + states + "x" + events;
        StringBuilder spec = new StringBuilder("package auto;\n\nimport io.fsmgen.*;\n\n")
                .append("@StateMachine(states = ").append(name).append(".State.class, events = ").append(name)
                .append(".Event.class, initial = \"S0\", transitions = {\n");
        for (int s = 0; s < states; s++) {
            for (int e = 0; e < events; e++) {
                spec.append("  @Transition(from = \"S").append(s).append("\", on = \"E").append(e)
                        .append("\", to = \"S").append((s + e + 1) % states).append("\", action = \"count\"),\n");
            }
        }
        spec.append("})\nabstract class ").append(name).append(" {\n  enum State {");
        for (int s = 0; s < states; s++) {
            spec.append(s == 0 ? " S" : ", S").append(s);
        }
        spec.append(" }\n  enum Event {");
        for (int e = 0; e < events; e++) {
            spec.append(e == 0 ? " E" : ", E").append(e);
        }
        spec.append(" }\n  int count;\n  void count() { count++; }\n}\n");
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("auto." + name, spec.toString()));
        assertThat(compilation).succeededWithoutWarnings();
        String source = compilation.generatedSourceFile("auto." + name + "Machine").orElseThrow()
                .getCharContent(false).toString();
        return source.replaceAll("\\s*\\n\\s*\\* ?", " "); // Javadoc lines joined, so that phrases stay whole
    }
}
