package io.fsmgen.processor.large;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.fsmgen.Dispatch;
import io.fsmgen.Machine;
import io.fsmgen.processor.StateMachineProcessor;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Large machines must compile (generated methods stay far below the JVM's 64 KB limit) and dispatch exactly as
 * their table says. The spec is written by the test, compiled in-process, loaded, and driven with random events
 * against an independent model of the same table.
 */
class LargeMachineTest {

    /**
     * AUTO chooses the cell table here (10,000 cells): written as string constants, with about 2,000 distinct
     * bodies, so codes above 255 (Unicode escapes) and a switch over the bodies split over three levels of methods,
     * each small enough for HotSpot to inline when hot (under its {@code FreqInlineSize} of 325 bytes).
     */
    @Test
    void machineWith200StatesAnd50EventsCompilesAndDispatchesCorrectly() throws Exception {
        Compilation compilation = checkMachine(200, 50, 40_000, Dispatch.AUTO);
        String source = text(compilation, "big.Big200x50AUTOMachine");
        assertTrue(source.contains("Dispatch: a cell table"), "AUTO chose the table");
        assertTrue(source.contains("CellTables.chars("), "a table this large is written as string constants");
        assertTrue(source.contains("switch ((cell - STATE_COUNT - "), "a part below the first level is numbered"
                + " from its own first body");
        Map<String, Integer> sizes = MethodBytecodeSizes.of(compilation, "big.Big200x50AUTOMachine");
        List<String> parts = sizes.keySet().stream().filter(method -> method.startsWith("dispatchCell")).toList();
        assertTrue(parts.size() > 64, parts.size() + " methods of dispatchCell");
        parts.forEach(part -> assertTrue(sizes.get(part) < 325, part + ": " + sizes.get(part) + " bytes"));
        // Its diagram: a summary pruned to three targets a state, whatever the rows.
        String mermaid = compilation.generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, "",
                "META-INF/fsmgen/big.Big200x50AUTOMachine.mmd").orElseThrow().getCharContent(false).toString();
        long edges = mermaid.lines().filter(line -> line.contains(" --> ") && !line.contains("[*]")).count();
        assertTrue(edges <= 200 * 3, edges + " edges");
        assertTrue(mermaid.contains("more targets"), "the pruned targets are counted");
        assertTrue(mermaid.length() < 100_000, mermaid.length() + " characters");
    }

    @Test
    void machineWithManyEventsPerStateSplitsItsStateMethods() throws Exception {
        String source = text(checkMachine(6, 300, 20_000, Dispatch.SWITCH), "big.Big6x300SWITCHMachine");
        assertTrue(source.contains("dispatchInS0Part5("), "the state's switch is split into methods");
    }

    /** The same machine with a table written as an array literal (1,800 cells). */
    @Test
    void machineWithManyEventsPerStateAsACellTable() throws Exception {
        String source = text(checkMachine(6, 300, 20_000, Dispatch.TABLE), "big.Big6x300TABLEMachine");
        assertTrue(source.contains("private static final char[] CELLS = {"), "a literal table");
    }

    /**
     * A composite of 1,500 children with history: the snapshot's checks of the active state and of the stored
     * history name every child, once as a chain of {@code ||} and {@code !=} that overflowed javac's stack above
     * about 1,000 terms, now as a switch.
     */
    @Test
    void compositeWithFifteenHundredChildrenAndHistoryCompilesAndRestores() throws Exception {
        int children = 1_500;
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < children; i++) {
            names.append(i == 0 ? "" : ", ").append('L').append(i);
        }
        String quoted = "\"" + names.toString().replace(", ", "\", \"") + "\"";
        String spec = """
                package big;

                import io.fsmgen.*;

                @SuppressWarnings("fsmgen")
                @StateMachine(states = Wide.S.class, events = Wide.E.class, initial = "OFF",
                        composites = @Composite(state = "ON", children = {CHILDREN}, initial = "L0",
                                history = History.SHALLOW),
                        transitions = {
                            @Transition(from = "ON", on = "GO", to = "L1499"),
                            @Transition(from = "ON", on = "POWER", to = "OFF"),
                            @Transition(from = "OFF", on = "POWER", to = "ON", history = true),
                        })
                abstract class Wide {
                    enum S { OFF, ON, NAMES }
                    enum E { GO, POWER }
                }
                """.replace("CHILDREN", quoted).replace("NAMES", names);
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big.Wide", spec));
        assertThat(compilation).succeeded();
        ClassLoader loader = new CompiledClassLoader(compilation, LargeMachineTest.class.getClassLoader());
        Class<?> machineClass = loader.loadClass("big.WideMachine");
        Machine<?, ?> machine = (Machine<?, ?>) machineClass.getConstructor().newInstance();
        Object[] events = loader.loadClass("big.Wide$E").getEnumConstants();
        java.lang.reflect.Method fire = machineClass.getMethod("fire", events[0].getClass());
        for (int event : new int[] {1, 0, 1, 1}) { // POWER, GO, POWER, POWER: back in the remembered child
            fire.invoke(machine, events[event]);
        }
        assertEquals("L1499", String.valueOf(machine.state()));
        Object snapshot = machineClass.getMethod("snapshot").invoke(machine);
        Machine<?, ?> copy = (Machine<?, ?>) machineClass.getConstructor().newInstance();
        machineClass.getMethod("restore", io.fsmgen.Snapshot.class).invoke(copy, snapshot);
        assertEquals("L1499", String.valueOf(copy.state()));
    }

    /**
     * A timeout that runs in 1,500 states: the snapshot's check that it is armed only where it runs names every one,
     * once as a chain of {@code !=} that overflowed javac's stack above about 1,300 terms, now as case labels.
     */
    @Test
    void timeoutInFifteenHundredStatesCompilesAndRestores() throws Exception {
        int states = 1_500;
        StringBuilder names = new StringBuilder("S0");
        StringBuilder timed = new StringBuilder();
        for (int i = 1; i < states; i++) {
            names.append(", S").append(i);
            timed.append(i == 1 ? "" : ", ").append("\"S").append(i).append('"');
        }
        String spec = """
                package big;

                import io.fsmgen.*;
                import java.time.Duration;

                @SuppressWarnings("fsmgen")
                @StateMachine(states = Timed.S.class, events = Timed.E.class, initial = "S0",
                        transitions = {
                            @Transition(from = "S0", on = "GO", to = "S1499"),
                            @Transition(from = "*", on = {"GO", "T"}, to = "S0"),
                        })
                abstract class Timed {
                    enum S { NAMES }
                    enum E { GO, T }

                    @Timeout(state = {TIMED}, fire = "T")
                    Duration t() {
                        return Duration.ofSeconds(1);
                    }

                    Scheduler scheduler() {
                        return (delay, task) -> () -> { };
                    }
                }
                """.replace("NAMES", names).replace("TIMED", timed);
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big.Timed", spec));
        assertThat(compilation).succeeded();
        ClassLoader loader = new CompiledClassLoader(compilation, LargeMachineTest.class.getClassLoader());
        Class<?> machineClass = loader.loadClass("big.TimedMachine");
        Machine<?, ?> machine = (Machine<?, ?>) machineClass.getConstructor().newInstance();
        Object[] events = loader.loadClass("big.Timed$E").getEnumConstants();
        machineClass.getMethod("fire", events[0].getClass()).invoke(machine, events[0]); // GO: S1499, timeout armed
        assertEquals("S1499", String.valueOf(machine.state()));
        Object snapshot = machineClass.getMethod("snapshot").invoke(machine);
        Machine<?, ?> copy = (Machine<?, ?>) machineClass.getConstructor().newInstance();
        machineClass.getMethod("restore", io.fsmgen.Snapshot.class).invoke(copy, snapshot);
        assertEquals("S1499", String.valueOf(copy.state()));
    }

    /** Composites nested 1,500 deep: their diagrams are drawn without recursion, so nothing overflows. */
    @Test
    void compositesNestedFifteenHundredDeepCompileWithTheirDiagrams() throws Exception {
        int depth = 1_500;
        StringBuilder names = new StringBuilder("S0");
        StringBuilder composites = new StringBuilder();
        for (int i = 1; i < depth; i++) {
            names.append(", S").append(i);
            composites.append(i == 1 ? "" : ",\n")
                    .append("@Composite(state = \"S").append(i - 1).append("\", children = \"S").append(i)
                    .append("\", initial = \"S").append(i).append("\")");
        }
        String spec = """
                package big;

                import io.fsmgen.*;

                @SuppressWarnings("fsmgen")
                @StateMachine(states = Deep.S.class, events = Deep.E.class, initial = "S0",
                        composites = {COMPOSITES},
                        transitions = @Transition(from = "S0", on = "GO", to = "S0"))
                abstract class Deep {
                    enum S { NAMES }
                    enum E { GO }
                }
                """.replace("NAMES", names).replace("COMPOSITES", composites);
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big.Deep", spec));
        assertThat(compilation).succeeded();
        for (String extension : new String[] {"mmd", "dot"}) {
            String diagram = compilation.generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, "",
                    "META-INF/fsmgen/big.DeepMachine." + extension).orElseThrow().getCharContent(false).toString();
            assertTrue(diagram.contains("S1499"), extension);
            assertEquals(diagram.chars().filter(c -> c == '{').count(), diagram.chars().filter(c -> c == '}').count(),
                    extension + ": every nesting closed");
        }
        ClassLoader loader = new CompiledClassLoader(compilation, LargeMachineTest.class.getClassLoader());
        Machine<?, ?> machine = (Machine<?, ?>) loader.loadClass("big.DeepMachine").getConstructor().newInstance();
        assertEquals("S1499", String.valueOf(machine.state()), "the initial leaf, 1,500 levels down");
    }

    private static String text(Compilation compilation, String qualifiedName) throws IOException {
        return compilation.generatedSourceFile(qualifiedName).orElseThrow().getCharContent(false).toString();
    }

    /** Compiles, loads and drives the machine; returns the compilation. */
    private static Compilation checkMachine(int states, int events, int steps, Dispatch dispatch) throws Exception {
        String name = "Big" + states + "x" + events + dispatch;
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big." + name, spec(name, states, events, dispatch)));
        assertThat(compilation).succeeded();

        ClassLoader loader = new CompiledClassLoader(compilation, LargeMachineTest.class.getClassLoader());
        Class<?> machineClass = loader.loadClass("big." + name + "Machine");
        @SuppressWarnings("unchecked")
        Machine<StateStandIn, EventStandIn> machine =
                (Machine<StateStandIn, EventStandIn>) machineClass.getConstructor().newInstance();
        Object[] eventConstants = loader.loadClass("big." + name + "$Event").getEnumConstants();
        Object[] stateConstants = loader.loadClass("big." + name + "$State").getEnumConstants();
        java.lang.reflect.Method fire = machineClass.getMethod("fire", eventConstants[0].getClass());
        java.lang.reflect.Field parity = machineClass.getSuperclass().getDeclaredField("odd");
        parity.setAccessible(true);

        SplittableRandom random = new SplittableRandom(20261123);
        int expected = 0;
        for (int step = 0; step < steps; step++) {
            int event = random.nextInt(events);
            boolean odd = random.nextBoolean();
            parity.setBoolean(machine, odd);
            boolean handled = (boolean) fire.invoke(machine, eventConstants[event]);
            assertTrue(handled, "every cell has a fallback row");
            expected = next(expected, event, odd, states);
            assertEquals(stateConstants[expected], machine.state(), "after step " + step + " (event E" + event + ")");
        }
        return compilation;
    }

    /** The table, independently of the generated code: where event {@code e} leads from state {@code s}. */
    private static int next(int s, int e, boolean odd, int states) {
        if (e % 5 == 0 && odd) {
            return (s + 1) % states;
        }
        if (e % 7 == 3) {
            return s; // internal transition
        }
        return (s * 31 + e * 17 + 1) % states;
    }

    private static String spec(String name, int states, int events, Dispatch dispatch) {
        StringBuilder source = new StringBuilder();
        source.append("package big;\n\nimport io.fsmgen.*;\n\n@SuppressWarnings(\"fsmgen\")\n")
                .append("@StateMachine(states = ").append(name).append(".State.class, events = ").append(name)
                .append(".Event.class, initial = \"S0\", unhandled = Unhandled.THROW, complete = true,")
                .append(" dispatch = Dispatch.").append(dispatch).append(',')
                .append(" transitions = {\n");
        for (int s = 0; s < states; s++) {
            for (int e = 0; e < events; e++) {
                if (e % 5 == 0) {
                    source.append("  @Transition(from = \"S").append(s).append("\", on = \"E").append(e)
                            .append("\", guard = \"odd\", to = \"S").append((s + 1) % states).append("\"),\n");
                }
                source.append("  @Transition(from = \"S").append(s).append("\", on = \"E").append(e).append('"');
                if (e % 7 == 3) {
                    source.append(", action = \"count\"),\n");
                } else {
                    source.append(", to = \"S").append((s * 31 + e * 17 + 1) % states).append("\"),\n");
                }
            }
        }
        source.append("})\nabstract class ").append(name).append(" {\n  enum State {");
        for (int s = 0; s < states; s++) {
            source.append(s == 0 ? " S" : ", S").append(s);
        }
        source.append(" }\n  enum Event {");
        for (int e = 0; e < events; e++) {
            source.append(e == 0 ? " E" : ", E").append(e);
        }
        source.append(" }\n  boolean odd;\n  int count;\n  boolean odd() { return odd; }\n")
                .append("  void count() { count++; }\n}\n");
        return source.toString();
    }

    /** Stand-ins for the enums that exist only inside the compiled test spec. */
    private enum StateStandIn {}

    private enum EventStandIn {}
}
