package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.assertOnlyErrorAt;
import static io.fsmgen.processor.Fixtures.compileSpec;
import static io.fsmgen.processor.Fixtures.spec;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code [FsmUnknownName]}: every place a state or event is named by string, each reported on the misspelled value
 * with a "did you mean" suggestion when a constant is close.
 */
class UnknownNameDiagnosticsTest {

    @Test
    void unknownSourceStateSuggestsTheClosestState() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(
                                    from =
                                        "IDEL",
                                    on = "START", to = "RUNNING"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, spec, "\"IDEL\"",
                "[FsmUnknownName] unknown state 'IDEL': S has no such constant; did you mean 'IDLE'?");
    }

    @Test
    void unknownStateInAListOfSourcesIsReportedOnThatElement() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(
                                    from = {
                                        "IDLE",
                                        "RUNING",
                                    },
                                    on = "STOP", to = "DONE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "\"RUNING\"",
                "[FsmUnknownName] unknown state 'RUNING': S has no such constant;"
                        + " did you mean 'RUNNING'?");
    }

    @Test
    void unknownTargetState() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START",
                                    to = "RUNNNG"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "to = \"RUNNNG\"",
                "[FsmUnknownName] unknown state 'RUNNNG': S has no such constant;"
                        + " did you mean 'RUNNING'?");
    }

    @Test
    void unknownInitialState() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "idle",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "initial = \"idle\"",
                "[FsmUnknownName] unknown state 'idle': S has no such constant; did you mean 'IDLE'?");
    }

    @Test
    void unknownFinalState() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = {
                            "DONE",
                            "DOEN",
                        },
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "\"DOEN\"",
                "[FsmUnknownName] unknown state 'DOEN': S has no such constant; did you mean 'DONE'?");
    }

    @Test
    void unknownEventInOn() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE",
                                    on = "STRAT",
                                    to = "RUNNING"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "on = \"STRAT\"",
                "[FsmUnknownName] unknown event 'STRAT': E has no such constant;"
                        + " did you mean 'START'?");
    }

    @Test
    void unknownStateInOnEntry() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        }
                """, """
                    @OnEntry(
                            "RUNING")
                    void entered() {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "\"RUNING\"",
                "[FsmUnknownName] unknown state 'RUNING': S has no such constant;"
                        + " did you mean 'RUNNING'?");
    }

    @Test
    void unknownStateInOnExit() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        }
                """, """
                    @OnExit({"IDLE",
                            "IDLEE"})
                    void left() {}
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "\"IDLEE\"",
                "[FsmUnknownName] unknown state 'IDLEE': S has no such constant; did you mean 'IDLE'?");
    }

    @Test
    void unknownStateInTimeout() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        }
                """, """
                    @Timeout(
                            state = "RUNNIGN",
                            fire = "STOP")
                    Duration patience() { return Duration.ofSeconds(1); }

                    Scheduler scheduler() { return Scheduler.none(); }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "state = \"RUNNIGN\"",
                "[FsmUnknownName] unknown state 'RUNNIGN': S has no such constant;"
                        + " did you mean 'RUNNING'?");
    }

    @Test
    void unknownEventInTimeoutFire() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        }
                """, """
                    @Timeout(
                            state = "RUNNING",
                            fire = "STPO")
                    Duration patience() { return Duration.ofSeconds(1); }

                    Scheduler scheduler() { return Scheduler.none(); }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "fire = \"STPO\"",
                "[FsmUnknownName] unknown event 'STPO': E has no such constant; did you mean 'STOP'?");
    }

    @Test
    void noSuggestionWhenNoConstantIsClose() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START",
                                    to = "BANANA"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "to = \"BANANA\"",
                "[FsmUnknownName] unknown state 'BANANA': S has no such constant");
        assertThat(compilation.errors().get(0).getMessage(null)).doesNotContain("did you mean");
    }

    @Test
    void everyUnknownNameIsReportedInOneBuild() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE",
                                    on = "STRAT",
                                    to = "RUNNNG"),
                            @Transition(
                                    from = "RUNING",
                                    on = "STOP", to = "DONE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("'STRAT'").inFile(spec).onLineContaining("\"STRAT\"");
        assertThat(compilation).hadErrorContaining("'RUNNNG'").inFile(spec).onLineContaining("\"RUNNNG\"");
        assertThat(compilation).hadErrorContaining("'RUNING'").inFile(spec).onLineContaining("\"RUNING\"");
        assertThat(compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.WARNING).toList())
                .isEmpty();
    }

    @Test
    void unknownStateNextToTheWildcardIsStillReported() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(
                                    from = {"*",
                                        "BOGUS"},
                                    on = "RESET", to = "IDLE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[FsmUnknownName] unknown state 'BOGUS'")
                .inFile(spec)
                .onLineContaining("\"BOGUS\"");
    }
}
