package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.compileSpec;
import static io.fsmgen.processor.Fixtures.spec;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Warnings about a valid table's graph. A state nobody targets has no value of its own to point at, so state
 * warnings are reported on the {@code states} value and event warnings on the {@code events} value; the machine is
 * still generated, and {@code @SuppressWarnings("fsmgen")} on the spec silences them.
 */
class GraphWarningsTest {

    @Test
    void stateUnreachableFromTheInitialState() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "IDLE"),
                            @Transition(from = "DONE", on = "RESET", to = "IDLE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation)
                .hadWarningContaining("[FsmUnreachableState] state DONE cannot be reached from the initial state IDLE")
                .inFile(spec)
                .onLineContaining("states = S.class");
        assertThat(compilation).generatedSourceFile("test.MMachine");
    }

    @Test
    void nonFinalStateWithoutOutgoingTransitionIsADeadEnd() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(from = "RUNNING", on = "RESET", to = "IDLE"),
                            @Transition(from = "DONE", on = "RESET"),
                            @Transition(from = "DONE", on = "START", to = "DONE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation)
                .hadWarningContaining("[FsmDeadEnd] state DONE has no transition to another state; list it in"
                        + " finalStates if the machine is meant to end there")
                .inFile(spec)
                .onLineContaining("states = S.class");
    }

    @Test
    void finalStatesSilenceTheDeadEndWarning() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(from = "RUNNING", on = "RESET", to = "IDLE"),
                            @Transition(from = "DONE", on = "RESET"),
                        }
                """, "");
        assertThat(compileSpec(spec)).succeededWithoutWarnings();
    }

    @Test
    void eventUsedByNoRow() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation)
                .hadWarningContaining("[FsmUnusedEvent] event RESET is used by no transition and no timeout")
                .inFile(spec)
                .onLineContaining("events = E.class");
    }

    @Test
    void anEventFiredOnlyByATimeoutIsUsed() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(from = "DONE", on = "RESET", to = "DONE"),
                        }
                """, """
                    @Timeout(state = "DONE", fire = "RESET")
                    Duration linger() { return Duration.ofSeconds(1); }

                    Scheduler scheduler() { return Scheduler.none(); }
                """);
        assertThat(compileSpec(spec)).succeededWithoutWarnings();
    }

    @Test
    void warningsAreAllReportedTogether() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "START", to = "IDLE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).succeeded();
        // DONE: unreachable and a dead end; STOP and RESET: unused.
        assertThat(compilation).hadWarningCount(4);
        assertThat(compilation).hadWarningContaining("[FsmUnreachableState] state DONE");
        assertThat(compilation).hadWarningContaining("[FsmDeadEnd] state DONE");
        assertThat(compilation).hadWarningContaining("[FsmUnusedEvent] event STOP");
        assertThat(compilation).hadWarningContaining("[FsmUnusedEvent] event RESET");
    }

    @Test
    void suppressWarningsFsmgenSilencesGraphWarnings() {
        JavaFileObject spec = Fixtures.source("M", """
                package test;

                import io.fsmgen.*;

                @SuppressWarnings("fsmgen")
                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        })
                abstract class M {}
                """);
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine");
    }

    @Test
    void suppressingSomethingElseKeepsGraphWarnings() {
        JavaFileObject spec = Fixtures.source("M", """
                package test;

                import io.fsmgen.*;

                @SuppressWarnings("unchecked")
                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = {"RUNNING", "DONE"},
                        transitions = {
                            @Transition(from = "IDLE", on = {"START", "STOP"}, to = "RUNNING"),
                            @Transition(from = "IDLE", on = "RESET", to = "DONE"),
                            @Transition(from = "DONE", on = "RESET", to = "DONE"),
                        })
                abstract class M {}
                """);
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).hadWarningCount(0);
        JavaFileObject deadEnd = Fixtures.source("M", """
                package test;

                import io.fsmgen.*;

                @SuppressWarnings("unchecked")
                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "RUNNING",
                        transitions = {
                            @Transition(from = "IDLE", on = {"START", "STOP"}, to = "RUNNING"),
                            @Transition(from = "IDLE", on = "RESET", to = "DONE"),
                        })
                abstract class M {}
                """);
        Compilation warned = compileSpec(deadEnd);
        assertThat(warned).hadWarningCount(1);
        assertThat(warned).hadWarningContaining("[FsmDeadEnd] state DONE").inFile(deadEnd)
                .onLineContaining("states = S.class");
    }
}
