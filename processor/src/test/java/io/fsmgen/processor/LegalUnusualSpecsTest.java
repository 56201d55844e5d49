package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import io.fsmgen.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Legal but unusual specs: each must compile without a warning and run as written. Odd names that fold together,
 * spec members and package types that shadow what generated code uses, fields that obscure type names, generic
 * and inner payloads, sealed specs, hooks on interfaces and abstract methods. A script fires events and checks the
 * state after each: {@code "START RUNNING, STOP DONE"}.
 */
class LegalUnusualSpecsTest {

    record Legal(String name, List<JavaFileObject> files, String machine, String events, String script) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Legal legal(String name, String machine, String script, String... sources) {
        List<JavaFileObject> files = new ArrayList<>();
        for (String source : sources) {
            String simple = source.replaceAll("(?s).*?(?:class|enum|interface|record) (\\w+).*", "$1");
            String pkg = source.startsWith("package ") ? source.substring(8, source.indexOf(';')) + "." : "";
            files.add(Fixtures.qualified(pkg + simple, source));
        }
        String events = machine.contains(".") ? machine.substring(0, machine.lastIndexOf('.') + 1) + "E" : "E";
        return new Legal(name, files, machine, events, script);
    }

    /** The usual enums, in package test. */
    private static final String S = "package test;\n\npublic enum S { IDLE, RUNNING, DONE }\n";
    private static final String E = "package test;\n\npublic enum E { START, STOP, RESET }\n";

    private static final String TABLE = """
                    states = S.class,
                    events = E.class,
                    initial = "IDLE",
                    finalStates = "DONE",
                    transitions = {
                        @Transition(from = "IDLE", on = "START", guard = "ready", action = "go", to = "RUNNING"),
                        @Transition(from = "RUNNING", on = "STOP", action = "halt", to = "DONE"),
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                    }
            """;

    private static String spec(String annotationExtra, String declaration, String body) {
        return "package test;\n\nimport io.fsmgen.*;\nimport java.time.Duration;\n\n@StateMachine(\n" + TABLE
                + annotationExtra + ")\n" + declaration + " {\n"
                + "    boolean ready() { return true; }\n    void go() {}\n    void halt() {}\n" + body + "}\n";
    }

    static Stream<Legal> specs() {
        return Stream.of(
                legal("a field named io and a private member type named java, with no generated type shadowed",
                        "test.MMachine", "START RUNNING, STOP DONE",
                        spec("", "abstract class M", """
                                    protected Object io;

                                    private static class java {}

                                    record Transition() {}
                                """), S, E),
                legal("spec members named like every type the machine uses", "test.MMachine",
                        "START RUNNING, STOP DONE, RESET IDLE",
                        spec(", name = \"MMachine\"", "abstract class M", """
                                    static final class Objects {}
                                    static final class Scheduler {}
                                    static final class Machine {}
                                    static final class Runnable {}
                                    static final class String {}
                                    static final class Override {}
                                    static final class Ordinals {}
                                    static final class TransitionFailure {}
                                    static final class TransitionException {}
                                    static final class TransitionListener {}
                                    static final class ListenerList {}
                                    static final class EventQueue {}
                                    static final class Generated {}
                                    static final class SuppressWarnings {}
                                    static final class Throwable {}
                                    static final class Error {}
                                    static final class NullPointerException {}
                                    static final class IllegalStateException {}
                                    static final class AssertionError {}
                                    static final class S {}
                                    static final class E {}
                                    interface Cancellable {}

                                    @OnEntry("RUNNING")
                                    void started() {}

                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    Duration limit() { return Duration.ofMinutes(1); }

                                    io.fsmgen.Scheduler scheduler() { return io.fsmgen.Scheduler.none(); }
                                """), S, E),
                legal("package types named like java.lang types", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        spec("", "abstract class M", ""), S, E,
                        "package test;\n\nclass String {}\n",
                        "package test;\n\nclass Override {}\n",
                        "package test;\n\nclass Runnable {}\n",
                        "package test;\n\nclass Throwable {}\n",
                        "package test;\n\nclass NullPointerException {}\n"),
                legal("fields named like the machine's locals, fields and the enums", "test.MMachine",
                        "START RUNNING, STOP DONE, RESET IDLE",
                        spec("", "abstract class M", """
                                    protected int event, payload, from, handled, failure, next, target, listener;
                                    protected int state, processing, queue, listeners, EVENTS, thrown, entryFailure;
                                    protected int S, E, Ordinals, TransitionFailure;
                                """), S, E),
                legal("state names whose derived member names fold together", "test.MMachine",
                        "GO AB, GO aB, GO INITIAL_STATE, GO open, GO OPEN, GO A_B_PART2, GO S_X, GO X",
                        """
                        package test;

                        import io.fsmgen.*;

                        @StateMachine(
                                states = M.St.class,
                                events = E.class,
                                initial = "A_B",
                                finalStates = "X",
                                transitions = {
                                    @Transition(from = "A_B", on = "GO", to = "AB"),
                                    @Transition(from = "AB", on = "GO", to = "aB"),
                                    @Transition(from = "aB", on = "GO", to = "INITIAL_STATE"),
                                    @Transition(from = "INITIAL_STATE", on = "GO", to = "open"),
                                    @Transition(from = "open", on = "GO", to = "OPEN"),
                                    @Transition(from = "OPEN", on = "GO", to = "A_B_PART2"),
                                    @Transition(from = "A_B_PART2", on = "GO", to = "S_X"),
                                    @Transition(from = "S_X", on = "GO", to = "X"),
                                })
                        abstract class M {
                            enum St { A_B, AB, aB, INITIAL_STATE, open, OPEN, A_B_PART2, S_X, X }

                            @OnEntry({"AB", "aB", "OPEN", "open"})
                            void entered() {}

                            @OnExit({"A_B", "AB"})
                            void left() {}

                            void dispatch() {}
                            void unhandled() {}
                            void enterAb() {}
                            void recover() {}
                            void drainQueue() {}
                            void onEntryEntered() {}
                        }
                        """, "package test;\n\npublic enum E { GO }\n"),
                legal("a cell table in a spec whose members are named like the table's", "test.MMachine",
                        "START RUNNING, STOP DONE, RESET IDLE",
                        spec(", name = \"MMachine\", dispatch = Dispatch.TABLE", "abstract class M", """
                                    static final class CellTables {}
                                    static final class AssertionError {}
                                    static final class cell {}
                                    static final class CELLS {}
                                    static final class stateOrdinal {}
                                    protected int STATE_COUNT = -1;
                                    protected int EVENT_COUNT = -1;
                                    boolean dispatchCell(int cell, E event) { throw new java.lang.AssertionError(); }
                                    boolean dispatch(E event) { throw new java.lang.AssertionError(); }
                                    void dispatchCells3To66() {}
                                """), S, E),
                legal("timeouts whose derived names fold together", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        spec("", "abstract class M", """
                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    Duration limit() { return Duration.ofMinutes(1); }

                                    @Timeout(state = "RUNNING", fire = "RESET")
                                    Duration Limit() { return Duration.ofMinutes(2); }

                                    @Timeout(state = "IDLE", fire = "RESET")
                                    static Duration S_RUNNING() { return Duration.ofMinutes(3); }

                                    Scheduler scheduler() { return Scheduler.none(); }
                                """), S, E),
                legal("actions named yield, an instance one and a static one", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        """
                        package test;

                        import io.fsmgen.*;

                        @StateMachine(
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                finalStates = "DONE",
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", action = "yield", to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = "STOP", action = "record", to = "DONE"),
                                    @Transition(from = "*", on = "RESET", action = "var", to = "IDLE"),
                                })
                        abstract class M {
                            void yield() {}
                            static void record() {}
                            void var() {}
                        }
                        """, S, E),
                legal("a payload that is an inner class of a generic class", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        spec(", payload = Outer.Inner.class", "abstract class M", """
                                    void take(Outer<?>.Inner inner) {}
                                """).replace("action = \"halt\"", "action = \"take\""), S, E,
                        "package test;\n\nclass Outer<T> {\n    class Inner {}\n}\n"),
                legal("a generic payload", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        spec(", payload = java.util.List.class", "abstract class M", """
                                    void take(java.util.List<?> items) {}
                                """).replace("action = \"halt\"", "action = \"take\""), S, E),
                legal("payload Object, which queued events need no cast to", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        spec(", payload = Object.class", "abstract class M", """
                                    void take(Object anything) {}
                                """).replace("action = \"halt\"", "action = \"take\""), S, E),
                legal("a sealed spec that permits its machine", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        spec("", "abstract sealed class M permits MMachine", ""), S, E),
                legal("a non-sealed spec under a sealed base", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        spec("", "abstract non-sealed class M extends Base", ""), S, E,
                        "package test;\n\nabstract sealed class Base permits M {}\n"),
                legal("hooks on an interface's default method and an abstract method implemented by the spec",
                        "test.MMachine", "START RUNNING, STOP DONE",
                        spec("", "abstract class M extends Half implements Hooked", """
                                    @Override
                                    void done() {}
                                """), S, E,
                        "package test;\n\nimport io.fsmgen.*;\n\ninterface Hooked {\n    @OnEntry(\"RUNNING\")\n"
                                + "    default void running() {}\n}\n",
                        "package test;\n\nimport io.fsmgen.*;\n\nabstract class Half {\n    @OnEntry(\"DONE\")\n"
                                + "    abstract void done();\n}\n"),
                // javac lists an interface's abstract method beside the superclass method that implements it when
                // that superclass does not implement the interface: not a method the machine must implement.
                legal("a spec extending ArrayList<String>, whose List methods AbstractCollection implements",
                        "test.MMachine", "START RUNNING, STOP DONE",
                        spec("", "abstract class M extends java.util.ArrayList<String>",
                                "    private static final long serialVersionUID = 1L;\n"), S, E),
                legal("an interface of the spec whose methods, a hook and a timeout among them, a superclass"
                        + " declares", "test.MMachine", "START RUNNING, STOP DONE",
                        spec("", "abstract class M extends Base implements Checks", ""), S, E,
                        "package test;\n\nimport io.fsmgen.*;\n\ninterface Checks {\n"
                                + "    void unused();\n    @OnEntry(\"RUNNING\")\n    void entered();\n"
                                + "    @Timeout(state = \"RUNNING\", fire = \"STOP\")\n"
                                + "    java.time.Duration limit();\n    Scheduler scheduler();\n}\n",
                        "package test;\n\nimport io.fsmgen.*;\n\nabstract class Base {\n"
                                + "    public void unused() {}\n"
                                + "    public void entered() {}\n"
                                + "    public java.time.Duration limit() { return null; }\n"
                                + "    public Scheduler scheduler() { return Scheduler.none(); }\n}\n"),
                // Java calls the class's method over an interface's default of the same signature: no ambiguity.
                legal("a guard and an action a superclass declares and an interface of the spec has as default"
                        + " methods", "test.MMachine", "START RUNNING, STOP DONE",
                        spec("", "abstract class M extends Base implements Checks", "")
                                .replace("    boolean ready() { return true; }\n    void go() {}\n", ""), S, E,
                        "package test;\n\ninterface Checks {\n    default boolean ready() { return false; }\n"
                                + "    default void go() { throw new AssertionError(); }\n}\n",
                        "package test;\n\nabstract class Base {\n    public boolean ready() { return true; }\n"
                                + "    public void go() {}\n}\n"),
                legal("enums nested in a generic class, and a spec nested in an interface", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        """
                        package test;

                        import io.fsmgen.*;

                        interface Holder {
                            @StateMachine(
                                    name = "MMachine",
                                    states = Box.St.class,
                                    events = E.class,
                                    initial = "IDLE",
                                    finalStates = "DONE",
                                    transitions = {
                                        @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                                        @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                                    })
                            abstract class M {}
                        }
                        """, E, "package test;\n\nclass Box<T> {\n    enum St { IDLE, RUNNING, DONE }\n}\n"),
                legal("everything the machine names deprecated for removal: the spec, its enums, payload,"
                        + " constructors, guard, action, hook and timeout", "test.MMachine",
                        "START RUNNING, STOP DONE, RESET IDLE",
                        """
                        package test;

                        import io.fsmgen.*;
                        import java.time.Duration;

                        @StateMachine(states = S.class, events = E.class, initial = "IDLE", finalStates = "DONE",
                                payload = M.Payload.class,
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", guard = "ready", action = "go",
                                            to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                    @Transition(from = "*", on = "RESET", to = "IDLE"),
                                })
                        @Deprecated(forRemoval = true)
                        @SuppressWarnings("removal")
                        abstract class M {
                            @Deprecated(forRemoval = true)
                            static final class Payload {}

                            @Deprecated(forRemoval = true)
                            M() {}

                            @Deprecated(forRemoval = true)
                            M(Payload payload) {}

                            @Deprecated(forRemoval = true)
                            boolean ready(Payload payload) { return true; }

                            @Deprecated(forRemoval = true)
                            void go(E event) {}

                            @Deprecated(forRemoval = true)
                            @OnEntry("RUNNING")
                            void started() {}

                            @Deprecated(forRemoval = true)
                            @Timeout(state = "RUNNING", fire = "STOP")
                            Duration patience() { return null; }

                            @Deprecated(forRemoval = true)
                            Scheduler scheduler() { return Scheduler.none(); }
                        }
                        """, """
                        package test;

                        @Deprecated(forRemoval = true)
                        public enum S { @Deprecated(forRemoval = true) IDLE, RUNNING, DONE }
                        """, """
                        package test;

                        @Deprecated(forRemoval = true)
                        public enum E { START, STOP, @Deprecated(forRemoval = true) RESET }
                        """),
                legal("unusual constructors: generic, varargs, throwing, a parameter named like a type",
                        "test.MMachine", "START RUNNING, STOP DONE",
                        spec("", "abstract class M", """
                                    M() {}

                                    <T extends Number> M(T number) {}

                                    @SafeVarargs
                                    M(java.util.List<String>... lists) {}

                                    M(int S, long E) throws java.io.IOException {}
                                """), S, E),
                legal("constructors whose signatures warn, silenced by the spec: a raw type (on the class), a"
                        + " generic varargs without @SafeVarargs (on the constructor)", "test.MMachine",
                        "START RUNNING, STOP DONE",
                        spec("", "@SuppressWarnings(\"rawtypes\")\nabstract class M", """
                                    M() {}

                                    M(java.util.List raw) {}

                                    @SuppressWarnings("unchecked")
                                    <T> M(T first, T... more) {}
                                """), S, E),
                legal("a constructor parameter whose raw type the spec silences on the parameter itself",
                        "test.MMachine", "START RUNNING, STOP DONE",
                        spec("", "abstract class M", """
                                    M() {}

                                    M(@SuppressWarnings("rawtypes") java.util.List raw, java.util.List<String> typed) {}
                                """), S, E),
                legal("a type-annotated constructor parameter, the Machine interface on the spec, a scheduler named"
                        + " yield", "test.MMachine", "START RUNNING, STOP DONE",
                        spec("", "abstract class M implements Machine<S, E>", """
                                    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)
                                    private @interface Checked {}

                                    M(@Checked String name) {}

                                    M() {}

                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    Duration limit() { return Duration.ofMinutes(1); }

                                    Scheduler yield() { return Scheduler.none(); }
                                """).replace("@StateMachine(\n", "@StateMachine(scheduler = \"yield\",\n"), S, E),
                legal("the machine's API declared by a generic superclass (bridges) and by interface default methods",
                        "test.MMachine", "START RUNNING, STOP DONE",
                        spec("", "abstract class M extends Base<S, E> implements Defaults", ""), S, E,
                        "package test;\n\nabstract class Base<T, U> {\n    public abstract T state();\n"
                                + "    public abstract boolean fire(U event);\n}\n",
                        "package test;\n\ninterface Defaults {\n"
                                + "    default void restore(S state) { throw new AssertionError(); }\n"
                                + "    default void addListener(io.fsmgen.TransitionListener<S, E> listener) {}\n}\n"),
                legal("fire overloads and a generated name like the nested enum's", "test.State",
                        "START RUNNING, STOP DONE",
                        spec(", name = \"State\", payload = Integer.class", "abstract class M", """
                                    enum State { A }

                                    boolean fire(E event, String text) { return false; }
                                """), S, E),
                legal("a spec in the unnamed package", "MMachine", "START RUNNING, STOP DONE",
                        """
                        import io.fsmgen.*;

                        @StateMachine(
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                finalStates = "DONE",
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                    @Transition(from = "*", on = "RESET", to = "IDLE"),
                                })
                        abstract class M {}
                        """, "public enum S { IDLE, RUNNING, DONE }\n", "public enum E { START, STOP, RESET }\n"));
    }

    /**
     * Types of the unnamed package, which generated code cannot write qualified: a states enum named like the nested
     * class that holds a machine's timers or the one that carries a spec method's failure, and application classes
     * named like {@code java.lang.Error}, {@code Exception} and {@code RuntimeException}.
     */
    private static Stream<Legal> unnamedPackageNames() {
        return Stream.of(
                legal("a states enum named Timers in the unnamed package, with two timeouts", "MMachine",
                        "START RUNNING, STOP DONE",
                        """
                        import io.fsmgen.*;
                        import java.time.Duration;

                        @StateMachine(
                                states = Timers.class,
                                events = E.class,
                                initial = "IDLE",
                                finalStates = "DONE",
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = {"STOP", "RESET"}, to = "DONE"),
                                })
                        abstract class M {
                            Scheduler scheduler() { return Scheduler.none(); }
                            @Timeout(state = "RUNNING", fire = "STOP") Duration stopAfter() { return Duration.ofSeconds(1); }
                            @Timeout(state = "RUNNING", fire = "RESET") Duration resetAfter() { return Duration.ofSeconds(2); }
                        }
                        """, "public enum Timers { IDLE, RUNNING, DONE }\n", "public enum E { START, STOP, RESET }\n"),
                legal("a class named Error in the unnamed package, with an action", "MMachine",
                        "START RUNNING, STOP DONE",
                        """
                        import io.fsmgen.*;

                        @StateMachine(
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                finalStates = "DONE",
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", action = "go", to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                    @Transition(from = "*", on = "RESET", to = "IDLE"),
                                })
                        abstract class M {
                            void go() {}
                        }
                        """, "public class Error {}\n", "public enum S { IDLE, RUNNING, DONE }\n",
                        "public enum E { START, STOP, RESET }\n"),
                legal("a states enum named SpecMethodFailure and classes named Exception and RuntimeException in the"
                                + " unnamed package, with an action and an error state whose entry may fail",
                        "MMachine", "START RUNNING, STOP DONE",
                        """
                        import io.fsmgen.*;

                        @StateMachine(
                                states = SpecMethodFailure.class,
                                events = E.class,
                                initial = "IDLE",
                                finalStates = "DONE",
                                errorState = "DONE",
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", action = "go", to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                    @Transition(from = "*", on = "RESET", to = "IDLE"),
                                })
                        abstract class M {
                            void go() {}
                            @OnEntry("DONE") void done() {}
                        }
                        """, "public class Exception {}\n", "public class RuntimeException {}\n",
                        "public enum SpecMethodFailure { IDLE, RUNNING, DONE }\n",
                        "public enum E { START, STOP, RESET }\n"));
    }

    /** A constructor that takes the machine the spec generates: a node that knows its parent. */
    private static Legal constructorTakingItsOwnMachine() {
        return legal("a constructor taking the spec's own machine, not generated yet", "test.MMachine",
                "START RUNNING, STOP DONE", """
                        package test;

                        import io.fsmgen.*;

                        @StateMachine(
                        """ + TABLE + """
                        )
                        abstract class M {
                            final MMachine parent;

                            M(MMachine parent) { this.parent = parent; }

                            M() { this(null); }

                            boolean ready() { return parent == null; }
                            void go() {}
                            void halt() {}
                        }
                        """, S, E);
    }

    /** Two specs whose constructors take each other's machines: both are generated in the same round. */
    private static Legal constructorsTakingEachOthersMachines() {
        return legal("two specs whose constructors take each other's machines", "test.MMachine",
                "START RUNNING, STOP DONE", """
                        package test;

                        import io.fsmgen.*;

                        @StateMachine(
                        """ + TABLE + """
                        )
                        abstract class M {
                            final Peer peer;

                            M(Peer peer) { this.peer = peer; }

                            M() { this(null); }

                            boolean ready() { return peer == null; }
                            void go() {}
                            void halt() {}
                        }
                        """, """
                        package test;

                        import io.fsmgen.*;

                        @StateMachine(name = "Peer",
                        """ + TABLE + """
                        )
                        abstract class N {
                            final MMachine other;

                            N(MMachine other) { this.other = other; }

                            boolean ready() { return true; }
                            void go() {}
                            void halt() {}
                        }
                        """, S, E);
    }

    /**
     * 70 events, so that each state's switch is chained over two methods, and states {@code A} and {@code A_PART2},
     * whose first method and the other's second part would both be called {@code dispatchInAPart2}.
     */
    private static Legal chainedSwitchParts() {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            events.append(i == 0 ? "" : ", ").append("EV").append(i);
        }
        String spec = """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = M.St.class,
                        events = Ev.class,
                        initial = "A",
                        transitions = {
                            @Transition(from = "A", on = "EV69", to = "A_PART2"),
                            @Transition(from = "A_PART2", on = "EV69", to = "A"),
                            @Transition(from = "*", on = {EVENTS}, action = "count"),
                        })
                abstract class M {
                    enum St { A, A_PART2 }

                    void count() {}
                }
                """.replace("{EVENTS}", "{\"" + events.toString().replace("EV69", "EV0").replace(", ", "\", \"")
                + "\"}");
        Legal legal = legal("a switch chained over two methods in states named like each other's parts",
                "test.MMachine", "EV69 A_PART2, EV3 A_PART2, EV69 A", spec,
                "package test;\n\npublic enum Ev { " + events + " }\n");
        return new Legal(legal.name(), legal.files(), legal.machine(), "test.Ev", legal.script());
    }

    /**
     * Names a generated machine must not confuse: a states enum named {@code String} and a spec named {@code Machine}
     * whose machine is named {@code StateBits}, with members named like {@code java.lang} types; {@code $} and
     * non-ASCII names (outside the BMP too) in a composite with deep history; every name given by a constant; and
     * enum constants with bodies, the enums shared by two specs.
     */
    private static Stream<Legal> namesAndValues() {
        String e = "package test;\n\npublic enum E { START, STOP, RESET }\n";
        return Stream.of(
                legal("a states enum named String, a spec named Machine, a machine named StateBits",
                        "test.StateBits", "START RUNNING, STOP DONE, RESET IDLE, START RUNNING",
                        """
                        package test;

                        import io.fsmgen.*;
                        import java.time.Duration;

                        @StateMachine(states = test.String.class, events = E.class, initial = "IDLE",
                                name = "StateBits",
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", guard = "Boolean", action = "Override",
                                            to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                    @Transition(from = "*", on = "RESET", to = "IDLE"),
                                })
                        abstract class Machine {
                            @ExtendedState int Object;

                            boolean Boolean() { return true; }

                            void Override() { Object++; }

                            @Timeout(state = "RUNNING", fire = "STOP")
                            Duration Throwable() { return Duration.ofMinutes(1); }

                            Scheduler scheduler() { return new ManualScheduler(); }
                        }
                        """, "package test;\n\npublic enum String { IDLE, RUNNING, DONE }\n", e),
                legal("$ and non-ASCII names in a composite with deep history", "test.MMachine",
                        "START \u03a9, STOP $, RESET \u00c4RGER, START $, STOP \ud835\udd38\u00df",
                        """
                        package test;

                        import io.fsmgen.*;

                        @StateMachine(states = M.Zustand.class, events = E.class, initial = "\u00c4RGER",
                                composites = @Composite(state = "\u65e5\u672c",
                                        children = {"\u03a9", "$", "\ud835\udd38\u00df"}, initial = "\u03a9",
                                        history = History.DEEP),
                                transitions = {
                                    @Transition(from = "\u00c4RGER", on = "START", to = "\u65e5\u672c", history = true),
                                    @Transition(from = "\u03a9", on = "STOP", guard = "\u00e9", to = "$"),
                                    @Transition(from = "$", on = "STOP", action = "$$", to = "\ud835\udd38\u00df"),
                                    @Transition(from = "*", on = "RESET", to = "\u00c4RGER"),
                                })
                        abstract class M {
                            enum Zustand { \u00c4RGER, \u65e5\u672c, \u03a9, $, \ud835\udd38\u00df }

                            boolean \u00e9() { return true; }

                            void $$() {}

                            @OnEntry({"$", "\u03a9"})
                            void \u01c5() {}
                        }
                        """, e),
                legal("every name given by a constant", "test.Named", "START RUNNING, STOP DONE, RESET IDLE",
                        """
                        package test;

                        import static test.Names.*;

                        import io.fsmgen.*;

                        @StateMachine(states = S.class, events = E.class, initial = IDLE, name = M.NAME,
                                finalStates = DONE, deferLimit = LIMIT,
                                transitions = {
                                    @Transition(from = IDLE, on = M.Events.START, guard = READY, to = RUNNING),
                                    @Transition(from = RUNNING, on = M.Events.STOP, to = DONE),
                                    @Transition(from = Transition.ANY, on = M.Events.RESET, to = IDLE),
                                })
                        abstract class M {
                            static final String NAME = "Na" + "med";

                            interface Events {
                                String START = "START";
                                String STOP = "ST" + "OP";
                                String RESET = "RESET";
                            }

                            boolean blocked() { return false; }
                        }
                        """, "package test;\n\ninterface Names {\n    String IDLE = \"IDLE\";\n"
                                + "    String RUNNING = \"RUN\" + \"NING\";\n    String DONE = \"DONE\";\n"
                                + "    String READY = \"!\" + \"blocked\";\n    int LIMIT = 2 + 2;\n}\n",
                        S, e),
                legal("enum constants with bodies, the enums shared by two specs", "test.MMachine",
                        "START RUNNING, STOP DONE, RESET IDLE",
                        """
                        package test;

                        import io.fsmgen.*;

                        @StateMachine(states = S.class, events = E.class, initial = "IDLE", finalStates = "DONE",
                                payload = M.Mode.class,
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", action = "go", to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                    @Transition(from = "*", on = "RESET", to = "IDLE"),
                                })
                        abstract class M {
                            enum Mode {
                                FAST { @Override boolean fast() { return true; } },
                                SLOW;

                                boolean fast() { return false; }
                            }

                            @ExtendedState Mode mode = Mode.SLOW;

                            void go(Mode payload) { mode = Mode.FAST; }
                        }
                        """, """
                        package test;

                        import io.fsmgen.*;

                        @StateMachine(states = S.class, events = E.class, initial = "RUNNING", finalStates = "DONE",
                                transitions = {
                                    @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                    @Transition(from = "DONE", on = "START", to = "IDLE"),
                                    @Transition(from = "*", on = "RESET", to = "RUNNING"),
                                })
                        abstract class Other {}
                        """, "package test;\n\npublic enum S {\n"
                                + "    IDLE { @Override public String toString() { return \"idle\"; } },\n"
                                + "    RUNNING {},\n    DONE;\n}\n",
                        "package test;\n\npublic enum E { START { }, STOP, RESET { } }\n"));
    }

    /**
     * Machines named like a type the spec's file imports on demand and writes, where a nearer declaration answers the
     * name every time the file writes it (JLS 6.4.1): the machine shadows nothing there, so none is a collision.
     */
    private static Stream<Legal> namesTheImportDoesNotAnswer() {
        String head = """
                package test;

                import io.fsmgen.*;
                import java.util.*;
                """;
        String annotation = """

                @StateMachine(states = S.class, events = E.class, initial = "IDLE", finalStates = "DONE", name = "List",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(from = "*", on = "RESET", to = "IDLE"),
                        })
                """;
        return Stream.of(
                legal("a machine named List beside import java.util.* and a member type List of the spec",
                        "test.List", "START RUNNING, STOP DONE", head + annotation + """
                        abstract class M {
                            static final class List {}

                            final List marker = new List();
                        }
                        """, S, E),
                legal("a machine named List beside import java.util.* and import java.util.List",
                        "test.List", "START RUNNING, STOP DONE", head + "import java.util.List;\n" + annotation + """
                        abstract class M {
                            final List<String> seen = new ArrayList<>();
                        }
                        """, S, E),
                legal("a machine named List beside import java.util.*, written only as a type parameter and a local"
                                + " class", "test.List", "START RUNNING, STOP DONE", head + annotation + """
                        abstract class M {
                            <List> List same(List value) {
                                return value;
                            }

                            Object local() {
                                class List {}
                                return new List();
                            }
                        }
                        """, S, E));
    }

    /**
     * An action overloaded with a method that takes another spec's machine, which does not exist when the spec is
     * first read: the spec waits a round for it, and then the overload that takes the event is the one called.
     */
    private static Legal actionOverloadTakingAnotherSpecsMachine() {
        return legal("an action overloaded with one taking another spec's machine, generated in the same round",
                "test.MMachine", "START RUNNING, STOP DONE", spec("", "abstract class M", """
                            E last;

                            void go(E event) { last = event; }

                            void go(OMachine other) {}
                        """).replace("void go() {}", ""), """
                        package test;

                        import io.fsmgen.*;

                        @StateMachine(states = S.class, events = E.class, initial = "IDLE", finalStates = "DONE",
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                    @Transition(from = "*", on = "RESET", to = "IDLE"),
                                })
                        abstract class O {}
                        """, S, E);
    }

    static Stream<Legal> allSpecs() {
        return Stream.of(specs(), Stream.of(chainedSwitchParts(), constructorTakingItsOwnMachine(),
                constructorsTakingEachOthersMachines(), actionOverloadTakingAnotherSpecsMachine()),
                unnamedPackageNames(), namesAndValues(), namesTheImportDoesNotAnswer()).flatMap(legal -> legal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSpecs")
    void compilesAndRuns(Legal legal) {
        Compilation compilation = Fixtures.javac().compile(legal.files());
        assertThat(compilation).succeededWithoutWarnings();
        Loaded loaded = new Loaded(compilation);
        Machine<?, ?> machine = loaded.machine(legal.machine());
        for (String step : legal.script().split(",\\s*")) {
            String[] parts = step.trim().split(" ");
            boolean fired = Loaded.fire(machine, loaded.constant(legal.events(), parts[0]));
            assertWithMessage("%s fired", parts[0]).that(fired).isTrue();
            assertWithMessage("state after %s", parts[0]).that(machine.state().name()).isEqualTo(parts[1]);
        }
    }
}
