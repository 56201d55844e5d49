package io.fsmgen.processor.large;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.fsmgen.Dispatch;
import io.fsmgen.HierarchicalMachine;
import io.fsmgen.ManualScheduler;
import io.fsmgen.Snapshot;
import io.fsmgen.processor.StateMachineProcessor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Specs whose generated methods, written as one switch or one static block, passed the JVM's 64 KB of bytecode per
 * method, so that javac failed inside the generated class ("code too large"). Each spec is the smallest found to
 * break one method, compiled in-process; the machine is then driven to show the split code still does what the one
 * switch did.
 */
class MethodSizeLimitsTest {

    private static final int LEAVES = 1_000;
    private static final int TIMEOUTS = 16;

    /**
     * A composite of 1,000 leaves with deep history and 16 timeouts of its own: {@code restore(S)} and the resume
     * both have a case per leaf that arms all 16 (about 70 bytes each), and {@code readSnapshot} listed the 1,000
     * leaves once per timeout, in which it runs. All three passed 64 KB; now the switches are chained over methods of
     * 64 cases, and each timeout's states are checked in a method of their own.
     */
    @Test
    void compositeOfAThousandLeavesWithSixteenTimeoutsRestoresAndResumes() throws Exception {
        StringBuilder leaves = new StringBuilder();
        for (int i = 0; i < LEAVES; i++) {
            leaves.append(i == 0 ? "" : ", ").append('L').append(i);
        }
        StringBuilder timeouts = new StringBuilder();
        for (int i = 0; i < TIMEOUTS; i++) {
            timeouts.append("    @Timeout(state = \"ON\", fire = \"T\")\n    Duration t").append(i)
                    .append("() {\n        return Duration.ofSeconds(").append(i + 1).append(");\n    }\n\n");
        }
        String quoted = "\"" + leaves.toString().replace(", ", "\", \"") + "\"";
        String spec = """
                package big;

                import io.fsmgen.*;
                import java.time.Duration;

                @SuppressWarnings("fsmgen")
                @StateMachine(states = Timed.S.class, events = Timed.E.class, initial = "OFF",
                        composites = @Composite(state = "ON", children = {CHILDREN}, initial = "L0",
                                history = History.DEEP),
                        transitions = {
                            @Transition(from = "L0", on = "GO", to = "LAST"),
                            @Transition(from = "ON", on = {"POWER", "T"}, to = "OFF"),
                            @Transition(from = "OFF", on = "POWER", to = "ON", history = true),
                        })
                abstract class Timed {
                    enum S { OFF, ON, LEAVES }
                    enum E { GO, POWER, T }

                    final ManualScheduler clock = new ManualScheduler();

                    Scheduler scheduler() {
                        return clock;
                    }

                TIMEOUTS}
                """.replace("CHILDREN", quoted).replace("LEAVES", leaves).replace("TIMEOUTS", timeouts)
                .replace("LAST", "L" + (LEAVES - 1));
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big.Timed", spec));
        assertThat(compilation).succeeded();
        String source = compilation.generatedSourceFile("big.TimedMachine").orElseThrow().getCharContent(false)
                .toString();
        assertTrue(source.contains("private void restorePart2(int ordinal)"), "restore(S) is chained");
        assertTrue(source.contains("private void resumeOnPart2(int ordinal, Timed.E event)"), "the resume is chained");
        assertTrue(source.contains("private static boolean t0RunsIn(int ordinal)"), "t0's states are a method");

        ClassLoader loader = new CompiledClassLoader(compilation, MethodSizeLimitsTest.class.getClassLoader());
        Class<?> machineClass = loader.loadClass("big.TimedMachine");
        Object[] events = loader.loadClass("big.Timed$E").getEnumConstants();
        Object[] states = loader.loadClass("big.Timed$S").getEnumConstants();
        Method fire = machineClass.getMethod("fire", events[0].getClass());
        Method restoreState = machineClass.getMethod("restore", states[0].getClass());
        String last = "L" + (LEAVES - 1);

        HierarchicalMachine<?, ?> machine = machine(machineClass);
        for (int event : new int[] {1, 0, 1}) { // POWER, GO, POWER: L999 remembered, in OFF
            fire.invoke(machine, events[event]);
        }
        assertEquals("OFF", String.valueOf(machine.state()));
        assertEquals(0, clock(machine).pending(), "leaving ON cancelled its timeouts");
        fire.invoke(machine, events[1]); // POWER: back in the remembered leaf, the last case of the last part
        assertEquals(last, String.valueOf(machine.state()));
        assertEquals(TIMEOUTS, clock(machine).pending(), "the resume armed every timeout of ON");

        Snapshot snapshot = (Snapshot) machineClass.getMethod("snapshot").invoke(machine);
        HierarchicalMachine<?, ?> copy = machine(machineClass);
        machineClass.getMethod("restore", Snapshot.class).invoke(copy, snapshot);
        assertEquals(last, String.valueOf(copy.state()));
        assertEquals(TIMEOUTS, clock(copy).pending(), "the snapshot's armed timeouts were accepted in " + last);

        HierarchicalMachine<?, ?> restored = machine(machineClass);
        restoreState.invoke(restored, states[states.length - 1]);
        assertEquals(last, String.valueOf(restored.state()));
        assertEquals(TIMEOUTS, clock(restored).pending(), "restore(S) armed every timeout of ON");
        restoreState.invoke(restored, states[1]); // ON: its initial leaf
        assertEquals("L0", String.valueOf(restored.state()));
        assertEquals(TIMEOUTS, clock(restored).pending(), "restore(S) cancelled, then armed again");
        restoreState.invoke(restored, states[0]);
        assertEquals(0, clock(restored).pending(), "OFF runs no timeout");
    }

    /**
     * A deep history over 300 nested levels, each with an entry action: level {@code Ci} holds leaf {@code Li} and
     * level {@code Ci+1}, and the resume's case for {@code Li} enters {@code C2} to {@code Ci} and {@code Li}, so the
     * cases grow with depth: the one switch passed 64 KB at 200 levels, and parts of 64 cases at 300, so parts are also
     * cut by the length of their cases.
     */
    @Test
    void deepHistoryOverThreeHundredNestedLevelsResumesTheDeepestLeaf() throws Exception {
        int depth = 300;
        StringBuilder states = new StringBuilder();
        StringBuilder composites = new StringBuilder();
        StringBuilder entered = new StringBuilder();
        for (int i = 1; i <= depth; i++) {
            states.append(", C").append(i).append(", L").append(i);
            entered.append(i == 1 ? "" : ", ").append("\"C").append(i).append("\", \"L").append(i).append('"');
            composites.append(i == 1 ? "" : ",\n").append("@Composite(state = \"C").append(i)
                    .append("\", children = {\"L").append(i).append('"')
                    .append(i < depth ? ", \"C" + (i + 1) + "\"" : "").append("}, initial = \"L").append(i)
                    .append('"').append(i == 1 ? ", history = History.DEEP" : "").append(')');
        }
        String spec = """
                package big;

                import io.fsmgen.*;

                @SuppressWarnings("fsmgen")
                @StateMachine(states = Comb.S.class, events = Comb.E.class, initial = "OFF",
                        composites = {COMPOSITES},
                        transitions = {
                            @Transition(from = "L1", on = "GO", to = "LAST"),
                            @Transition(from = "C1", on = "POWER", to = "OFF"),
                            @Transition(from = "OFF", on = "POWER", to = "C1", history = true),
                        })
                abstract class Comb {
                    enum S { OFFSTATES }
                    enum E { GO, POWER }

                    int entries;

                    @OnEntry({ENTERED})
                    void entered() {
                        entries++;
                    }
                }
                """.replace("COMPOSITES", composites).replace("STATES", states).replace("ENTERED", entered)
                .replace("LAST", "L" + depth);
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big.Comb", spec));
        assertThat(compilation).succeeded();
        ClassLoader loader = new CompiledClassLoader(compilation, MethodSizeLimitsTest.class.getClassLoader());
        Class<?> machineClass = loader.loadClass("big.CombMachine");
        Object[] events = loader.loadClass("big.Comb$E").getEnumConstants();
        Method fire = machineClass.getMethod("fire", events[0].getClass());
        HierarchicalMachine<?, ?> machine = machine(machineClass);
        for (int event : new int[] {1, 0, 1}) { // POWER, GO, POWER: the deepest leaf remembered, in OFF
            fire.invoke(machine, events[event]);
        }
        Field entries = machineClass.getSuperclass().getDeclaredField("entries");
        entries.setAccessible(true);
        entries.setInt(machine, 0);
        fire.invoke(machine, events[1]); // POWER: through C1's deep history, down every level
        assertEquals("L" + depth, String.valueOf(machine.state()));
        assertEquals(depth + 1, entries.getInt(machine), "C1 to C" + depth + ", then L" + depth + ", each once");
    }

    /**
     * 64 events, each tried against 70 guarded rows with an action before its fallback: the switch of 64 such cells
     * (per state, or the table's {@code dispatchCell}) passed 64 KB. The long cells now run in methods of their own.
     */
    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"SWITCH", "TABLE"})
    void cellsOfSeventyGuardedRowsEachMoveOutOfTheirSwitch(Dispatch dispatch) throws Exception {
        int guards = 70;
        int eventCount = 64;
        StringBuilder rows = new StringBuilder();
        StringBuilder events = new StringBuilder();
        StringBuilder methods = new StringBuilder();
        for (int e = 0; e < eventCount; e++) {
            events.append(e == 0 ? "E" : ", E").append(e);
            for (int g = 0; g < guards; g++) {
                rows.append("@Transition(from = \"A\", on = \"E").append(e).append("\", guard = \"g")
                        .append((g + e) % guards).append("\", to = \"B\", action = \"act\"),\n");
            }
            rows.append("@Transition(from = \"A\", on = \"E").append(e).append("\", to = \"A\"),\n");
            rows.append("@Transition(from = \"B\", on = \"E").append(e).append("\", to = \"A\"),\n");
        }
        for (int g = 0; g < guards; g++) {
            methods.append("    boolean g").append(g).append("() {\n        return open == ").append(g)
                    .append(";\n    }\n\n");
        }
        String spec = """
                package big;

                import io.fsmgen.*;

                @SuppressWarnings("fsmgen")
                @StateMachine(states = Guarded.S.class, events = Guarded.E.class, initial = "A",
                        dispatch = Dispatch.DISPATCH,
                        transitions = {
                ROWS})
                abstract class Guarded {
                    enum S { A, B }
                    enum E { EVENTS }

                    int open = -1;
                    int acts;

                    void act() {
                        acts++;
                    }

                METHODS}
                """.replace("DISPATCH", dispatch.name()).replace("ROWS", rows).replace("EVENTS", events)
                .replace("METHODS", methods);
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big.Guarded", spec));
        assertThat(compilation).succeeded();
        String source = compilation.generatedSourceFile("big.GuardedMachine").orElseThrow().getCharContent(false)
                .toString();
        assertTrue(source.contains(dispatch == Dispatch.TABLE ? "private boolean runCell2(Guarded.E event)"
                : "private boolean dispatchInAOnE0(Guarded.E event)"), "the long cells have methods of their own");

        ClassLoader loader = new CompiledClassLoader(compilation, MethodSizeLimitsTest.class.getClassLoader());
        Class<?> machineClass = loader.loadClass("big.GuardedMachine");
        Object[] eventConstants = loader.loadClass("big.Guarded$E").getEnumConstants();
        Method fire = machineClass.getMethod("fire", eventConstants[0].getClass());
        Object machine = machineClass.getConstructor().newInstance();
        Field open = machineClass.getSuperclass().getDeclaredField("open");
        open.setAccessible(true);
        Field acts = machineClass.getSuperclass().getDeclaredField("acts");
        acts.setAccessible(true);
        Method state = machineClass.getMethod("state");
        open.setInt(machine, guards - 1);
        fire.invoke(machine, eventConstants[eventCount - 1]); // the last guard of the last event's cell opens
        assertEquals("B", String.valueOf(state.invoke(machine)));
        assertEquals(1, acts.getInt(machine));
        fire.invoke(machine, eventConstants[5]);
        assertEquals("A", String.valueOf(state.invoke(machine)));
        open.setInt(machine, -1);
        fire.invoke(machine, eventConstants[0]); // no guard opens: the fallback
        assertEquals("A", String.valueOf(state.invoke(machine)));
        assertEquals(1, acts.getInt(machine));
    }

    /**
     * Large enums checked in the static initializer, about eight bytes per constant: three extended-state fields of a
     * 3,000-constant enum passed 64 KB. Each large enum is now checked in a method of its own, which the static block
     * calls.
     */
    @Test
    void largeEnumsAreCheckedOutsideTheStaticInitializer() throws Exception {
        StringBuilder colours = new StringBuilder("C0");
        for (int i = 1; i < 3_000; i++) {
            colours.append(", C").append(i);
        }
        String spec = """
                package big;

                import io.fsmgen.*;

                @StateMachine(states = Painted.S.class, events = Painted.E.class, initial = "A",
                        transitions = @Transition(from = "A", on = "GO", to = "A", action = "paint"))
                abstract class Painted {
                    enum S { A }
                    enum E { GO }
                    enum Colour { COLOURS }

                    @ExtendedState Colour front = Colour.C0;
                    @ExtendedState Colour back = Colour.C0;
                    @ExtendedState Colour side = Colour.C0;

                    void paint() {
                        front = Colour.values()[2_999];
                        back = Colour.values()[1_500];
                        side = Colour.values()[700];
                    }
                }
                """.replace("COLOURS", colours);
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big.Painted", spec));
        assertThat(compilation).succeeded();
        ClassLoader loader = new CompiledClassLoader(compilation, MethodSizeLimitsTest.class.getClassLoader());
        Class<?> machineClass = loader.loadClass("big.PaintedMachine");
        Object[] events = loader.loadClass("big.Painted$E").getEnumConstants();
        Object machine = machineClass.getConstructor().newInstance(); // runs the checks
        machineClass.getMethod("fire", events[0].getClass()).invoke(machine, events[0]);
        Snapshot snapshot = (Snapshot) machineClass.getMethod("snapshot").invoke(machine);
        Object copy = machineClass.getConstructor().newInstance();
        machineClass.getMethod("restore", Snapshot.class).invoke(copy, snapshot);
        Field back = machineClass.getSuperclass().getDeclaredField("back");
        back.setAccessible(true);
        assertEquals("C1500", String.valueOf(back.get(copy)));
        assertTrue(compilation.generatedSourceFile("big.PaintedMachine").orElseThrow().getCharContent(false).toString()
                .contains("private static void verifySideOrdinals() {"), "checked in a method of its own");
    }

    private static HierarchicalMachine<?, ?> machine(Class<?> machineClass) throws Exception {
        return (HierarchicalMachine<?, ?>) machineClass.getConstructor().newInstance();
    }

    private static ManualScheduler clock(Object machine) throws Exception {
        Field clock = machine.getClass().getSuperclass().getDeclaredField("clock");
        clock.setAccessible(true);
        return (ManualScheduler) clock.get(machine);
    }
}
