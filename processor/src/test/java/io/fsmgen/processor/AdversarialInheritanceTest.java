package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.AdversarialCase.errorIn;
import static io.fsmgen.processor.Fixtures.EVENTS;
import static io.fsmgen.processor.Fixtures.STATES;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import io.fsmgen.Machine;
import io.fsmgen.TransitionException;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adversarial specs, part 4: children whose inherited rows, hooks or attributes are wrong for them. Each machine's
 * problems are reported once, on the spec that generates it, naming the machine; a parent's own problem stays on
 * the parent; nothing is muted.
 */
class AdversarialInheritanceTest {

    /** A valid parent: its table uses guard ready, action log and entry hook started. */
    static final JavaFileObject PARENT = source("Parent", """
            package test;

            import io.fsmgen.*;

            @StateMachine(
                    states = S.class,
                    events = E.class,
                    initial = "IDLE",
                    finalStates = "DONE",
                    transitions = {
                        @Transition(from = "IDLE", on = "START", guard = "ready", action = "log", to = "RUNNING"),
                        @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                    })
            abstract class Parent {
                boolean ready() { return true; }

                void log() {}

                @OnEntry("RUNNING")
                void started() {}
            }
            """);

    static final JavaFileObject OTHER_STATES = source("T", "package test;\n\npublic enum T { OFF, ON, DONE }\n");

    private static String child(String annotation, String body) {
        return "package test;\n\nimport io.fsmgen.*;\n\n" + annotation + "\nabstract class Child extends Parent {\n"
                + body + "}\n";
    }

    static Stream<AdversarialCase> cases() {
        return Stream.of(
                errorIn("a child that changes the states enum under inherited rows",
                        "[FsmUnknownName] machine ChildMachine, inherited Parent row 1: unknown state 'IDLE': T has"
                                + " no such constant",
                        "@StateMachine(states = T.class",
                        "Child", child("@StateMachine(states = T.class, initial = \"OFF\")", ""), PARENT,
                        OTHER_STATES),
                errorIn("a child that overloads an inherited guard",
                        "[FsmAmbiguousMethod] machine ChildMachine, inherited Parent row 1: guard 'ready' is"
                                + " ambiguous: 2 overloads fit",
                        "@StateMachine(name",
                        "Child", child("@StateMachine(name = \"ChildMachine\")",
                                "    boolean ready(E event) { return false; }\n"), PARENT),
                errorIn("a child that re-abstracts an inherited action",
                        "[FsmAbstractMethod] machine ChildMachine, inherited Parent row 1: action 'log' is abstract",
                        "@StateMachine(name",
                        "Child", child("@StateMachine(name = \"ChildMachine\")", "    abstract void log();\n"),
                        PARENT),
                errorIn("a child declaring a static method named like the machine's state()",
                        "[FsmReservedName] spec method state() clashes with the method state()",
                        "static S state()",
                        "Child", child("@StateMachine(name = \"ChildMachine\")",
                                "    static S state() { return null; }\n"), PARENT),
                errorIn("a child whose complete = true leaves inherited cells undecided",
                        "[FsmIncomplete] complete = true, but state IDLE does not decide START, STOP",
                        "complete = true",
                        "Child", child("@StateMachine(name = \"ChildMachine\",\n        complete = true)", ""),
                        PARENT),
                errorIn("a child whose payload no inherited action can take",
                        "[FsmAmbiguousMethod] machine ChildMachine, inherited Parent row 1: action 'log' is ambiguous",
                        "@StateMachine(name",
                        "Child", child("@StateMachine(name = \"ChildMachine\", payload = String.class)",
                                "    void log(String text) {}\n"), PARENT),
                errorIn("a child whose hook names a state its new enum lacks",
                        "[FsmUnknownName] machine ChildMachine, inherited Parent.started(): unknown state 'RUNNING':"
                                + " T has no such constant",
                        "@StateMachine(name",
                        "Child", child("@StateMachine(name = \"ChildMachine\", states = T.class, initial = \"OFF\","
                                + " transitions = {})", ""), PARENT, OTHER_STATES),
                errorIn("a child adding a row after an inherited fallback",
                        "[FsmUnreachableRow] this row can never fire: (RUNNING, STOP) already has a row without a"
                                + " guard before it (Parent row 2)",
                        "guard = \"late\"",
                        "Child", child("@StateMachine(transitions = @Transition(from = \"RUNNING\", on = \"STOP\","
                                + " guard = \"late\", to = \"IDLE\"))", "    boolean late() { return true; }\n"),
                        PARENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejected(AdversarialCase spec) {
        spec.check();
    }

    /**
     * An attribute a child sets to its default is its own, not "unset": {@code errorState = ""} takes away the
     * parent's error state, {@code payload = Void.class} the parent's payload.
     */
    @Test
    void aChildThatSetsErrorStateAndPayloadToTheirDefaultsHasNeither() throws Exception {
        JavaFileObject parent = source("Parent", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        errorState = "DONE",
                        payload = String.class,
                        transitions = {
                            @Transition(from = "IDLE", on = "START", action = "fail", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(from = "*", on = "RESET", to = "IDLE"),
                        })
                abstract class Parent {
                    void fail() { throw new IllegalStateException("fail"); }
                }
                """);
        JavaFileObject child = source("Child",
                child("@StateMachine(name = \"ChildMachine\", errorState = \"\", payload = Void.class)", ""));
        Compilation compilation = compile(parent, child, STATES, EVENTS);
        assertThat(compilation).succeeded();
        Loaded loaded = new Loaded(compilation);
        Enum<?> start = loaded.constant("test.E", "START");
        Machine<?, ?> parentMachine = loaded.machine("test.ParentMachine");
        assertFalse(Loaded.fire(parentMachine, start),
                "the parent's error state takes the failure");
        assertEquals("DONE", parentMachine.state().name());
        Machine<?, ?> childMachine = loaded.machine("test.ChildMachine");
        assertThrows(TransitionException.class, () -> Loaded.fire(childMachine, start),
                "the child has no error state: the failure is thrown");
        assertEquals("IDLE", childMachine.state().name());
        Class<?> events = loaded.loadClass("test.E");
        parentMachine.getClass().getMethod("fire", events, String.class);
        assertThrows(NoSuchMethodException.class,
                () -> childMachine.getClass().getMethod("fire", events, String.class), "the child has no payload");
    }

    @Test
    void aParentsOwnErrorIsReportedOnTheParentOnceAndTheChildSaysWhyItHasNoMachine() {
        JavaFileObject parent = source("Parent", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = @Transition(from = "IDLE", on = "START", action = "lgo", to = "DONE"))
                abstract class Parent {
                    void log() {}
                }
                """);
        JavaFileObject child = source("Child", child("@StateMachine(name = \"ChildMachine\")", ""));
        Compilation compilation = compile(parent, child, STATES, EVENTS);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[FsmMissingMethod] action method 'lgo' not found in Parent")
                .inFile(parent).onLineContaining("action = \"lgo\"");
        assertThat(compilation).hadErrorContaining("[FsmParentSpec] no machine ChildMachine generated for Child: the"
                + " table it inherits from test.Parent has errors, reported on test.Parent")
                .inFile(child).onLineContaining("@StateMachine(name");
    }

    @Test
    void aWarningTheParentHasIsNotRepeatedForTheChild() {
        JavaFileObject parent = source("Parent", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                        })
                abstract class Parent {}
                """);
        JavaFileObject child = source("Child", child("@StateMachine(name = \"ChildMachine\")", ""));
        Compilation compilation = compile(parent, child, STATES, EVENTS);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation).hadWarningContaining("[FsmUnusedEvent] event RESET is used by no transition")
                .inFile(parent).onLineContaining("events = E.class");
    }

    @Test
    void aWarningOnlyTheChildCausesIsReportedOnTheChildNamingItsMachine() {
        JavaFileObject child = source("Child", child("""
                @StateMachine(name = "ChildMachine", transitions = {
                        @Transition(from = "DONE", on = "START", to = "IDLE"),
                        @Transition(from = "DONE", on = "STOP", to = "IDLE"),
                        @Transition(from = "DONE", on = "RESET", to = "IDLE"),
                        @Transition(from = "IDLE", on = "RESET", to = "IDLE"),
                        @Transition(from = "RUNNING", on = "RESET", to = "IDLE"),
                })""", ""));
        Compilation compilation = compile(PARENT, child, STATES, EVENTS);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation).hadWarningContaining("[FsmShadowedWildcard] machine ChildMachine, inherited Parent"
                + " row 3: this \"*\" row for RESET never fires").inFile(child).onLineContaining("@StateMachine(");
    }
}
