package io.fsmgen.processor.large;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.fsmgen.Machine;
import io.fsmgen.Snapshot;
import io.fsmgen.processor.StateMachineProcessor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names as long as a class file allows: a state, event or spec method may be named with tens of thousands of
 * characters (each fits in its own class's constant pool, at most 65,535 bytes), while the machine derives member
 * names that join two of them ({@code dispatchIn<State>On<Event>}). Such a spec once failed inside the generated
 * class with javac's "UTF8 representation for string ... is too long for the constant pool"; it must compile
 * without a warning and run as its table says, whether the long names share their first thousand characters, are
 * written outside the BMP (six bytes each in a class file), or name the states of a composite with deep history.
 */
class LongNamesTest {

    /** 40,000 characters: two of them joined do not fit one constant, one alone does. */
    private static final String A = "A".repeat(40_000);
    private static final String B = "B".repeat(40_000);
    /** 10,000 code points outside the BMP, MATHEMATICAL BOLD SCRIPT CAPITAL A: 60,000 bytes in a class file. */
    private static final String U = "\uD835\uDCD0".repeat(10_000);
    private static final String METHOD = "x".repeat(40_000);

    /** A flat machine under either dispatch shape, with a timeout, an extended-state field, a guard and hooks. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SWITCH", "TABLE"})
    void aFlatMachineWithLongNamesCompilesAndRuns(String dispatch) throws Exception {
        Loaded machine = compileAndLoad("""
                @StateMachine(states = Names.S.class, events = Names.E.class, initial = "IDLE", errorState = "FAILED",
                        finalStates = "FAILED", dispatch = Dispatch.DISPATCH,
                        transitions = {
                            @Transition(from = "IDLE", on = "«B»_GO", guard = "guard«m»", action = "act«m»",
                                    to = "«A»_ONE"),
                            @Transition(from = "«A»_ONE", on = "«B»_GO", action = "act«m»", to = "«A»_TWO"),
                            @Transition(from = "«A»_TWO", on = "TICK"),
                            @Transition(from = {"«A»_ONE", "«A»_TWO"}, on = "«U»", to = "IDLE"),
                            @Transition(from = "*", on = "FAIL", action = "boom«m»"),
                        })
                abstract class Names {
                    enum S { IDLE, FAILED, «A»_ONE, «A»_TWO }

                    enum E { «B»_GO, «U», TICK, FAIL }
                """.replace("DISPATCH", dispatch));
        machine.fireAll("IDLE", "«B»_GO «A»_ONE", "«B»_GO «A»_TWO", "TICK «A»_TWO");
        machine.restoresItsSnapshot();
        machine.fireAll("«A»_TWO", "«U» IDLE", "«B»_GO «A»_ONE", "FAIL FAILED");
    }

    /** The long names name a composite and its children, with deep history and a row local to the composite. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SHALLOW", "DEEP"})
    void aCompositeWithLongNamesCompilesAndRuns(String history) throws Exception {
        Loaded machine = compileAndLoad("""
                @StateMachine(states = Names.S.class, events = Names.E.class, initial = "IDLE", errorState = "FAILED",
                        finalStates = "FAILED",
                        composites = @Composite(state = "«A»", children = {"«A»_ONE", "«A»_TWO"},
                                initial = "«A»_ONE", history = History.HISTORY),
                        deferrals = @Defer(state = "IDLE", events = "TICK"),
                        transitions = {
                            @Transition(from = "IDLE", on = "«B»_GO", guard = "guard«m»", action = "act«m»",
                                    to = "«A»"),
                            @Transition(from = "«A»_ONE", on = "«B»_GO", action = "act«m»", to = "«A»_TWO"),
                            @Transition(from = "«A»_TWO", on = "TICK"),
                            @Transition(from = "«A»", on = "«U»", to = "IDLE"),
                            @Transition(from = "IDLE", on = "«U»", to = "«A»", history = true),
                            @Transition(from = "«A»", on = "FAIL", action = "boom«m»", to = "«A»_ONE",
                                    kind = Transition.Kind.LOCAL),
                        })
                abstract class Names {
                    enum S { IDLE, FAILED, «A», «A»_ONE, «A»_TWO }

                    enum E { «B»_GO, «U», TICK, FAIL }
                """.replace("HISTORY", history));
        machine.fireAll("IDLE", "«B»_GO «A»_ONE", "«B»_GO «A»_TWO", "«U» IDLE", "«U» «A»_TWO", "TICK «A»_TWO");
        machine.restoresItsSnapshot();
        machine.fireAll("«A»_TWO", "FAIL FAILED");
    }

    /**
     * Compiles {@code head} (the annotation, the class line and its enums, with «A», «B», «U» and «m» standing for
     * the long names) followed by the spec methods every case shares, with all lints on and local variable tables
     * written.
     */
    private static Loaded compileAndLoad(String head) throws Exception {
        String spec = "package big;\n\nimport io.fsmgen.*;\nimport java.time.Duration;\n\n" + head + """

                    @ExtendedState int field«m»;

                    boolean guard«m»() { return true; }

                    void act«m»(E event) { field«m»++; }

                    void boom«m»() { throw new IllegalStateException("boom"); }

                    @OnEntry("«A»_TWO")
                    void hook«m»() { field«m»++; }

                    @Timeout(state = "«A»_TWO", fire = "TICK")
                    Duration timeout«m»() { return Duration.ofSeconds(1); }

                    Scheduler scheduler() { return Scheduler.none(); }
                }
                """;
        spec = spec.replace("«A»", A).replace("«B»", B).replace("«U»", U).replace("«m»", METHOD);
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .withOptions("-Xlint:all,-processing", "-g")
                .compile(JavaFileObjects.forSourceString("big.Names", spec));
        assertThat(compilation).succeededWithoutWarnings();
        ClassLoader loader = new CompiledClassLoader(compilation, LongNamesTest.class.getClassLoader());
        return new Loaded(loader.loadClass("big.NamesMachine"), loader.loadClass("big.Names$E"));
    }

    /** The machine class, one machine of it, and its events, driven by the short names of the spec above. */
    private static final class Loaded {
        private final Class<?> type;
        private final Class<?> events;
        private final Method fire;
        private Machine<?, ?> machine;

        Loaded(Class<?> type, Class<?> events) throws ReflectiveOperationException {
            this.type = type;
            this.events = events;
            this.fire = type.getMethod("fire", events);
            this.machine = (Machine<?, ?>) type.getConstructor().newInstance();
        }

        /** Checks the state is {@code initial}, then fires each "EVENT STATE" step and checks where it led. */
        void fireAll(String initial, String... steps) throws ReflectiveOperationException {
            assertEquals(longName(initial), machine.state().toString(), "before " + steps[0]);
            for (String step : steps) {
                String[] parts = step.split(" ");
                Object event = null;
                for (Object constant : events.getEnumConstants()) {
                    event = constant.toString().equals(longName(parts[0])) ? constant : event;
                }
                try {
                    // FAIL's action throws: the machine enters its error state, and fire returns false.
                    assertEquals(!parts[0].equals("FAIL"), fire.invoke(machine, event), parts[0] + " fired");
                } catch (InvocationTargetException failed) {
                    throw new AssertionError(parts[0] + " threw", failed.getCause());
                }
                assertEquals(longName(parts[1]), machine.state().toString(), "after " + parts[0]);
            }
        }

        /** A new machine restored from this one's snapshot takes its place. */
        void restoresItsSnapshot() throws ReflectiveOperationException {
            Object snapshot = type.getMethod("snapshot").invoke(machine);
            Machine<?, ?> copy = (Machine<?, ?>) type.getConstructor().newInstance();
            type.getMethod("restore", Snapshot.class).invoke(copy, snapshot);
            assertEquals(machine.state(), copy.state());
            assertFalse(copy == machine);
            machine = copy;
        }

        /** The name a step writes with «A», «B» or «U» in it. */
        private static String longName(String written) {
            return written.replace("«A»", A).replace("«B»", B).replace("«U»", U);
        }
    }
}
