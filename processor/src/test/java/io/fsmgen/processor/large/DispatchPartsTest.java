package io.fsmgen.processor.large;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.fsmgen.processor.StateMachineProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the cell table's switch over distinct bodies is split: into the fewest methods whose bytecode stays under
 * HotSpot's 325-byte limit for inlining a hot callee. Fewest matters because C2 trusts a method's branch profile
 * only after the method has run about a thousand times, and each part runs only for its own cells: parts too small
 * to mature when {@code fire} is compiled get all their cells compiled into {@code fire}, which then grows past what
 * its caller inlines (TCP's both lives, issue 17). Each test compiles a machine, reads the class file's method sizes,
 * and drives every cell once.
 */
class DispatchPartsTest {

    private static final int INLINE_LIMIT = 325;

    /**
     * 36 bodies of one action each, as many as TCP's: two parts of 18, where splitting by powers of two gave five
     * parts of 8 (the estimate then also charged every unguarded row for a guard).
     */
    @Test
    void thirtySixSmallBodiesTakeTwoParts() throws Exception {
        Compiled machine = compileAndRun(36, 0, false, false);
        Map<String, Integer> sizes = machine.sizes();
        List<String> parts = parts(sizes);
        assertEquals(List.of("dispatchCells1To18", "dispatchCells19To36"), parts, "parts: " + sizes);
        parts.forEach(part -> assertTrue(sizes.get(part) < INLINE_LIMIT, part + ": " + sizes.get(part) + " bytes"));
        // Picked by the codes as labels, which C2 compiles into a comparison, not by a division by 18.
        assertTrue(machine.source().contains("case 18:\n                return dispatchCells1To18(cell, event);"),
                machine.source());
        assertFalse(machine.source().contains("/ 18)"), "no division");
    }

    /**
     * The same with a payload that every action takes, each row an external self-transition: the calls load the
     * payload, and the state's entry takes the event and the payload. Every part must still be under the limit.
     */
    @Test
    void bodiesWhoseActionsTakeThePayloadStayUnderTheLimit() throws Exception {
        Map<String, Integer> sizes = compileAndRun(36, 0, true, false).sizes();
        List<String> parts = parts(sizes);
        assertTrue(parts.size() >= 2, "split: " + sizes);
        parts.forEach(part -> assertTrue(sizes.get(part) < INLINE_LIMIT, part + ": " + sizes.get(part) + " bytes"));
    }

    /**
     * 36 self-transitions out of a state with an exit hook and a timeout: each body also runs the exit and stops the
     * timeout before entering again, two calls the estimate once left out of a flat machine's rows. Every part must
     * still be under the limit.
     */
    @Test
    void bodiesThatLeaveAStateWithAnExitAndATimeoutStayUnderTheLimit() throws Exception {
        Map<String, Integer> sizes = compileAndRun(36, 0, true, true).sizes();
        List<String> parts = parts(sizes);
        assertTrue(parts.size() >= 2, "split: " + sizes);
        parts.forEach(part -> assertTrue(sizes.get(part) < INLINE_LIMIT, part + ": " + sizes.get(part) + " bytes"));
    }

    /** Few enough bodies for one method: no parts at all, the switch is {@code dispatchCell} itself. */
    @Test
    void tenBodiesStayInOneMethod() throws Exception {
        Map<String, Integer> sizes = compileAndRun(10, 0, false, false).sizes();
        assertEquals(List.of(), parts(sizes), "parts: " + sizes);
        assertTrue(sizes.get("dispatchCell") < INLINE_LIMIT, "dispatchCell: " + sizes.get("dispatchCell") + " bytes");
    }

    /**
     * 65 distinct bodies in methods of 8 (each row runs its own action and four no-ops): the last part of the first
     * level holds one body. It was a switch with one case calling a method over the same body, under the same name,
     * and javac refused the machine ("method dispatchCells65To65 is already defined").
     */
    @Test
    void aLastPartOfOneBodyIsASwitchOfItsOwn() throws Exception {
        Compiled machine = compileAndRun(65, 4, false, false);
        assertTrue(machine.source().contains("private boolean dispatchCells65To65(int cell"), "the last part, once");
        assertTrue(machine.sizes().containsKey("dispatchCells1To8"), "methods of 8: " + machine.sizes());
    }

    private static List<String> parts(Map<String, Integer> sizes) {
        return sizes.keySet().stream().filter(method -> method.startsWith("dispatchCells")).sorted(
                (a, b) -> Integer.compare(firstCode(a), firstCode(b))).toList();
    }

    private static int firstCode(String part) {
        return Integer.parseInt(part.substring("dispatchCells".length(), part.indexOf("To")));
    }

    private record Compiled(Map<String, Integer> sizes, String source) {}

    /**
     * One state, {@code events} events, each a row with an action of its own that adds its number to a sum, then
     * {@code noops} calls of a method that does nothing (internal rows; with a payload, self-transitions); fires every
     * event once and checks that each body ran its own action. With {@code hooks}, the state has an exit hook and a
     * timeout (off: its duration is null), which every self-transition leaves.
     */
    private static Compiled compileAndRun(int events, int noops, boolean payload, boolean hooks) throws Exception {
        StringBuilder rows = new StringBuilder();
        StringBuilder actions = new StringBuilder();
        StringBuilder eventNames = new StringBuilder();
        for (int e = 0; e < events; e++) {
            rows.append("  @Transition(from = \"A\", on = \"E").append(e).append("\", action = {\"a").append(e)
                    .append("\"").append(", \"noop\"".repeat(noops)).append(payload ? "}, to = \"A\"),\n" : "}),\n");
            actions.append("  void a").append(e).append(payload ? "(Integer payload)" : "()")
                    .append(" { sum += ").append(e + 1).append(payload ? " + payload - 1" : "").append("; }\n");
            eventNames.append(e == 0 ? "E" : ", E").append(e);
        }
        String spec = "package big;\n\nimport io.fsmgen.*;\n\n@SuppressWarnings(\"fsmgen\")\n"
                + "@StateMachine(states = Parts.State.class, events = Parts.Event.class, initial = \"A\","
                + (payload ? " payload = Integer.class," : "")
                + " dispatch = Dispatch.TABLE, transitions = {\n" + rows + "})\nabstract class Parts {\n"
                + "  enum State { A }\n  enum Event { " + eventNames + " }\n  int sum;\n  void noop() {}\n" + actions
                + (hooks ? "  @OnExit(\"A\") void left() {}\n"
                        + "  @Timeout(state = \"A\", fire = \"E0\") java.time.Duration limit() { return null; }\n"
                        + "  Scheduler scheduler() { return Scheduler.none(); }\n" : "")
                + "}\n";
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big.Parts", spec));
        assertThat(compilation).succeeded();
        ClassLoader loader = new CompiledClassLoader(compilation, DispatchPartsTest.class.getClassLoader());
        Class<?> machineClass = loader.loadClass("big.PartsMachine");
        Object machine = machineClass.getConstructor().newInstance();
        Object[] eventConstants = loader.loadClass("big.Parts$Event").getEnumConstants();
        java.lang.reflect.Method fire = payload
                ? machineClass.getMethod("fire", eventConstants[0].getClass(), Integer.class)
                : machineClass.getMethod("fire", eventConstants[0].getClass());
        for (Object event : eventConstants) {
            boolean handled = payload ? (boolean) fire.invoke(machine, event, 1) : (boolean) fire.invoke(machine, event);
            assertTrue(handled, event + " handled");
        }
        java.lang.reflect.Field sum = machineClass.getSuperclass().getDeclaredField("sum");
        sum.setAccessible(true);
        assertEquals(events * (events + 1) / 2, sum.getInt(machine), "every body ran its own action once");
        String source = compilation.generatedSourceFile("big.PartsMachine").orElseThrow().getCharContent(false)
                .toString();
        return new Compiled(MethodBytecodeSizes.of(compilation, "big.PartsMachine"), source);
    }
}
