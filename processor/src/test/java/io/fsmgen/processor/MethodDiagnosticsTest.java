package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.EVENTS;
import static io.fsmgen.processor.Fixtures.STATES;
import static io.fsmgen.processor.Fixtures.assertOnlyErrorAt;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.compileSpec;
import static io.fsmgen.processor.Fixtures.qualified;
import static io.fsmgen.processor.Fixtures.spec;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Guards, actions and hooks name spec methods. Each way a method can be unusable from the generated subclass has its
 * own message, reported on the annotation value that names the method (or on the hook annotation).
 */
class MethodDiagnosticsTest {

    /** One row {@code IDLE --START--> RUNNING} with the given extra attributes, e.g. a guard or an action. */
    private static JavaFileObject row(String attributes, String body) {
        return spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING",
                %s),
                        }
                """.formatted(attributes), body);
    }

    @Test
    void missingGuardSuggestsTheClosestMethod() {
        JavaFileObject spec = row("""
                                    guard = "isRedy"
                """, """
                    boolean isReady() { return true; }
                """);
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, spec, "guard = \"isRedy\"",
                "[FsmMissingMethod] guard method 'isRedy' not found in M; did you mean 'isReady'?");
    }

    @Test
    void missingNegatedGuardNamesTheMethodWithoutTheBang() {
        JavaFileObject spec = row("""
                                    guard = "!isRedy"
                """, """
                    boolean isReady() { return true; }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "guard = \"!isRedy\"",
                "[FsmMissingMethod] guard method 'isRedy' not found in M; did you mean 'isReady'?");
    }

    @Test
    void missingActionSuggestsTheClosestMethod() {
        JavaFileObject spec = row("""
                                    action = {
                                        "beep",
                                        "motorUo",
                                    }
                """, """
                    void beep() {}
                    void motorUp() {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "\"motorUo\"",
                "[FsmMissingMethod] action method 'motorUo' not found in M;"
                        + " did you mean 'motorUp'?");
    }

    @Test
    void privateGuard() {
        JavaFileObject spec = row("""
                                    guard = "ready"
                """, """
                    private boolean ready() { return true; }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "guard = \"ready\"",
                "[FsmInaccessibleMethod] guard 'ready' is private; the generated subclass cannot"
                        + " call it. Make it package-private or protected");
    }

    @Test
    void privateAction() {
        JavaFileObject spec = row("""
                                    action = "go"
                """, """
                    private void go() {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "action = \"go\"",
                "[FsmInaccessibleMethod] action 'go' is private");
    }

    @Test
    void packagePrivateActionInheritedFromAnotherPackage() {
        JavaFileObject base = qualified("other.Base", """
                package other;

                public abstract class Base {
                    void helper() {}
                }
                """);
        JavaFileObject spec = qualified("test.M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING",
                                    action = "helper"),
                        })
                abstract class M extends other.Base {}
                """);
        Compilation compilation = compile(spec, base, STATES, EVENTS);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, spec, "action = \"helper\"",
                "[FsmInaccessibleMethod] action 'helper' is package-private in other and cannot be"
                        + " called from test");
    }

    @Test
    void guardMustReturnBoolean() {
        JavaFileObject spec = row("""
                                    guard = "ready"
                """, """
                    int ready() { return 1; }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "guard = \"ready\"",
                "[FsmGuardReturnType] guard 'ready' must return boolean, but returns int");
    }

    @Test
    void boxedBooleanGuardIsRejected() {
        JavaFileObject spec = row("""
                                    guard = "ready"
                """, """
                    Boolean ready() { return true; }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "guard = \"ready\"",
                "[FsmGuardReturnType] guard 'ready' must return boolean, but returns"
                        + " Boolean");
    }

    @Test
    void actionWithTwoParameters() {
        JavaFileObject spec = row("""
                                    action = "go"
                """, """
                    void go(E event, int times) {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "action = \"go\"",
                "[FsmMethodParameters] action 'go' takes (E, int); it must take no parameter,"
                        + " or one E (the event)");
    }

    @Test
    void guardWithAParameterThatIsNeitherEventNorPayload() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        payload = Integer.class,
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING",
                                    guard = "ready"),
                        }
                """, """
                    boolean ready(String text) { return true; }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "guard = \"ready\"",
                "[FsmMethodParameters] guard 'ready' takes (String); it must take no"
                        + " parameter, or one E (the event), or one Integer (the payload)");
    }

    @Test
    void actionDeclaringACheckedException() {
        JavaFileObject spec = row("""
                                    action = "save"
                """, """
                    void save() throws java.io.IOException {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "action = \"save\"",
                "[FsmCheckedException] action 'save' declares checked exception"
                        + " IOException; guards and actions run inside fire(), which throws no checked"
                        + " exception");
    }

    @Test
    void uncheckedExceptionsAreFine() {
        JavaFileObject spec = row("""
                                    action = "save"
                """, """
                    void save() throws IllegalStateException {}
                """);
        assertThat(compileSpec(spec)).succeeded();
    }

    @Test
    void abstractAction() {
        JavaFileObject spec = row("""
                                    action = "go"
                """, """
                    abstract void go();
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "action = \"go\"",
                "[FsmAbstractMethod] action 'go' is abstract; the generated class cannot"
                        + " implement it");
    }

    @Test
    void ambiguousOverloads() {
        JavaFileObject spec = row("""
                                    action = "go"
                """, """
                    void go() {}
                    void go(E event) {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "action = \"go\"",
                "[FsmAmbiguousMethod] action 'go' is ambiguous: 2 overloads fit; keep one");
    }

    @Test
    void anOverloadThatDoesNotFitIsIgnored() {
        JavaFileObject spec = row("""
                                    action = "go"
                """, """
                    void go() {}
                    void go(String unrelated) {}
                """);
        assertThat(compileSpec(spec)).succeeded();
    }

    @Test
    void privateEntryActionIsReportedOnItsAnnotation() {
        JavaFileObject spec = row("guard = \"\"", """
                    @OnEntry("RUNNING")
                    private void entered() {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "@OnEntry(\"RUNNING\")",
                "[FsmInaccessibleMethod] entry action 'entered' is private");
    }

    @Test
    void exitActionWithUnsupportedParameters() {
        JavaFileObject spec = row("guard = \"\"", """
                    @OnExit("IDLE")
                    void left(String why) {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "@OnExit(\"IDLE\")",
                "[FsmMethodParameters] exit action 'left' takes (String)");
    }

    @Test
    void emptyOnEntry() {
        JavaFileObject spec = row("guard = \"\"", """
                    @OnEntry({})
                    void entered() {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "@OnEntry({})",
                "[FsmEmptyHook] @OnEntry must name at least one state");
    }

    @Test
    void guardInheritedFromAGenericSuperclassSeesTheTypeArgument() {
        JavaFileObject base = qualified("test.Base", """
                package test;

                abstract class Base<T> {
                    boolean ok(T value) { return true; }
                }
                """);
        JavaFileObject spec = qualified("test.M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        payload = String.class,
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING", guard = "ok"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(from = "*", on = "RESET", to = "IDLE"),
                        })
                abstract class M extends Base<String> {}
                """);
        assertThat(compile(spec, base, STATES, EVENTS)).succeededWithoutWarnings();
    }

    @Test
    void everySupportedParameterListCompilesWithoutWarnings() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        payload = Integer.class,
                        transitions = {
                            @Transition(from = "IDLE", on = "START", guard = "byEvent", action = "none", to = "RUNNING"),
                            @Transition(from = "IDLE", on = "START", guard = "!byPayload", action = "event"),
                            @Transition(from = "RUNNING", on = "STOP", guard = "bySupertype", action = "payload",
                                    to = "DONE"),
                            @Transition(from = "*", on = "RESET", guard = "plain", action = "supertype", to = "IDLE"),
                        }
                """, """
                    boolean byEvent(E event) { return true; }
                    boolean byPayload(Integer payload) { return true; }
                    boolean bySupertype(Number payload) { return true; }
                    static boolean plain() { return true; }
                    void none() {}
                    void event(E event) {}
                    void payload(Integer payload) {}
                    void supertype(Object payload) {}
                    @OnEntry("RUNNING") void entered(Integer payload) {}
                    @OnExit("RUNNING") protected void left(E event) {}
                    @OnEntry({"IDLE", "DONE"}) public void idle() {}
                """);
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine");
    }
}
