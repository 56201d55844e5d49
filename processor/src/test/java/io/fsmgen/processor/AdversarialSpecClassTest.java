package io.fsmgen.processor;

import static io.fsmgen.processor.AdversarialCase.TABLE;
import static io.fsmgen.processor.AdversarialCase.error;
import static io.fsmgen.processor.AdversarialCase.errorIn;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adversarial specs, part 2: every reason the generated class could not extend the spec, call its constructors or
 * declare its API. Each would otherwise be an error inside generated code; here it is the processor's own error, on
 * the spec.
 */
class AdversarialSpecClassTest {

    private static String specFile(String declaration) {
        return "package test;\n\nimport io.fsmgen.*;\n\n@StateMachine(\n" + TABLE + ")\n" + declaration;
    }

    static Stream<AdversarialCase> cases() {
        return Stream.of(
                errorIn("a guard naming a static method of an interface the spec implements",
                        "[FsmInaccessibleMethod] guard 'ready' is a static method of interface Guards: static"
                                + " interface methods are not inherited, so the machine cannot call it; call it from a"
                                + " method of the spec",
                        "guard = \"ready\"",
                        "M", """
                                package test;

                                import io.fsmgen.*;

                                @StateMachine(states = S.class, events = E.class, initial = "A",
                                        transitions = @Transition(from = "A", on = "GO", guard = "ready", to = "B"))
                                abstract class M implements Guards {
                                }
                                """,
                        com.google.testing.compile.JavaFileObjects.forSourceString("test.Guards", """
                                package test;

                                interface Guards {
                                    static boolean ready() {
                                        return true;
                                    }
                                }
                                """),
                        com.google.testing.compile.JavaFileObjects.forSourceString("test.S",
                                "package test;\n\nenum S { A, B }\n"),
                        com.google.testing.compile.JavaFileObjects.forSourceString("test.E",
                                "package test;\n\nenum E { GO }\n")),
                errorIn("a member type named io while io.fsmgen.Ordinals must be written qualified",
                        "[FsmReservedName] the generated machine must name io.fsmgen.Ordinals, but inside it the"
                                + " package name io means a member type inherited from the spec; rename it or the type"
                                + " named Ordinals",
                        "abstract class M",
                        "M", specFile("""
                                abstract class M {
                                    static class io {}

                                    interface Ordinals {}
                                }
                                """)),
                errorIn("a member type named java while java.lang.String must be written qualified",
                        "[FsmReservedName] the generated machine must name java.lang.String, but inside it the"
                                + " package name java means a member type inherited from the spec; rename it or the"
                                + " type named String",
                        "abstract class M",
                        "M", specFile("""
                                abstract class M {
                                    static class java {}

                                    static class String {}
                                }
                                """)),
                errorIn("a sealed spec that does not permit its machine",
                        "[FsmSealedSpec] spec M is sealed but does not permit its machine MMachine, which extends it",
                        "sealed class M",
                        "M", specFile("""
                                abstract sealed class M permits Other {}

                                final class Other extends M {}
                                """)),
                errorIn("a spec nested in a private class",
                        "[FsmPrivateSpec] spec M is nested in the private class Hidden, so the generated machine,"
                                + " a top-level class, cannot extend it",
                        "@StateMachine(",
                        "Outer", """
                                package test;

                                import io.fsmgen.*;

                                class Outer {
                                    private static class Hidden {
                                        @StateMachine(
                                """ + TABLE + """
                                        )
                                        abstract static class M {}
                                    }
                                }
                                """),
                error("a constructor whose parameter type is private",
                        "[FsmInaccessibleType] constructor M(M.Secret) uses Secret, which the generated machine"
                                + " cannot name from test",
                        "M(Secret secret)",
                        TABLE, """
                                    private static final class Secret {}

                                    M(Secret secret) {}

                                    M() {}
                                """),
                error("a constructor that throws a private exception type",
                        "[FsmInaccessibleType] constructor M() uses Oops, which the generated machine cannot name",
                        "M() throws Oops",
                        TABLE, """
                                    private static final class Oops extends RuntimeException {}

                                    M() throws Oops {}
                                """),
                error("a static method named like the generated state()",
                        "[FsmReservedName] spec method state() clashes with the method state() that the generated"
                                + " machine defines (returning S): it is static",
                        "static S state()",
                        TABLE, """
                                    static S state() { return S.IDLE; }
                                """),
                error("a method with the erasure of addListener but other type arguments",
                        "[FsmReservedName] spec method addListener(TransitionListener<S,S>) clashes with the method"
                                + " addListener(TransitionListener<S,E>)",
                        "void addListener(TransitionListener<S, S>",
                        TABLE, """
                                    void addListener(TransitionListener<S, S> listener) {}
                                """),
                error("a generic method named like state()",
                        "it is generic, and the machine's method is not",
                        "<T> T state()",
                        TABLE, """
                                    <T> T state() { return null; }
                                """),
                error("state() returning another type",
                        "[FsmReservedName] spec method state() clashes with the method state() that the generated"
                                + " machine defines (returning S): it returns int",
                        "int state()",
                        TABLE, """
                                    int state() { return 0; }
                                """),
                error("a final restore(S)",
                        "[FsmReservedName] spec method restore(S) clashes with the method restore(S) that the"
                                + " generated machine defines (returning void): it is final",
                        "final void restore(S",
                        TABLE, """
                                    public final void restore(S target) {}
                                """),
                error("fire(E) returning void",
                        "[FsmReservedName] spec method fire(E) clashes with the method fire(E) that the generated"
                                + " machine defines (returning boolean): it returns void",
                        "void fire(E",
                        TABLE, """
                                    public void fire(E event) {}
                                """),
                errorIn("an abstract method inherited from a JDK interface",
                        "[FsmAbstractMethod] machine MMachine, inherited Runnable.run(): spec method run() is"
                                + " abstract",
                        "@StateMachine(",
                        "M", specFile("""
                                abstract class M implements Runnable {}
                                """)),
                errorIn("a spec implementing Machine with other type arguments",
                        "[FsmReservedName] spec M implements Machine<E,S>, but its machine implements Machine<S, E>",
                        "@StateMachine(",
                        "M", specFile("""
                                abstract class M implements Machine<E, S> {}
                                """)),
                new AdversarialCase("a field in the unnamed package that obscures the states enum",
                        java.util.List.of(
                                com.google.testing.compile.JavaFileObjects.forSourceString("M", """
                                        import io.fsmgen.*;

                                        @StateMachine(
                                                states = St.class,
                                                events = Ev.class,
                                                initial = "A",
                                                finalStates = "A",
                                                transitions = @Transition(from = "A", on = "GO", to = "A"))
                                        abstract class M {
                                            protected int St;
                                        }
                                        """),
                                com.google.testing.compile.JavaFileObjects.forSourceString("St", "enum St { A }\n"),
                                com.google.testing.compile.JavaFileObjects.forSourceString("Ev", "enum Ev { GO }\n")),
                        javax.tools.Diagnostic.Kind.ERROR,
                        "[FsmReservedName] the generated machine must name St, but inside it the simple name St"
                                + " means a field or local variable",
                        "abstract class M"),
                error("an @OnError method that is abstract",
                        "[FsmAbstractMethod] error handler 'failed' is abstract",
                        "@OnError",
                        TABLE, """
                                    @OnError
                                    abstract void failed();
                                """),
                error("a static method named like the event type's generated fire with a payload",
                        "[FsmReservedName] spec method fire(E, String) clashes with the method fire(E, String)",
                        "static boolean fire(E event, String",
                        TABLE + ", payload = String.class\n", """
                                    static boolean fire(E event, String payload) { return false; }
                                """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejected(AdversarialCase spec) {
        spec.check();
    }
}
