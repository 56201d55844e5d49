package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.assertOnlyErrorAt;
import static io.fsmgen.processor.Fixtures.compileSpec;
import static io.fsmgen.processor.Fixtures.spec;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Timeout} methods, the scheduler they need, and {@code complete = true}. */
class TimeoutAndCompletenessDiagnosticsTest {

    private static final String TABLE = """
                    states = S.class,
                    events = E.class,
                    initial = "IDLE",
                    finalStates = "DONE",
                    transitions = {
                        @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                    }
            """;

    private static final String SCHEDULER = """
                Scheduler scheduler() { return Scheduler.none(); }
            """;

    @Test
    void timeoutsWithoutASchedulerMethod() {
        JavaFileObject spec = spec(TABLE, """
                    @Timeout(state = "RUNNING", fire = "STOP")
                    Duration patience() { return Duration.ofSeconds(1); }
                """);
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmMissingScheduler] the spec declares timeouts, so it needs a non-private"
                        + " method 'io.fsmgen.Scheduler scheduler()' that the machine uses to arm them");
    }

    @Test
    void timeoutsWithANamedSchedulerMethodThatDoesNotExist() {
        JavaFileObject spec = spec("""
                        scheduler =
                            "clock",
                """ + TABLE, """
                    @Timeout(state = "RUNNING", fire = "STOP")
                    Duration patience() { return Duration.ofSeconds(1); }

                """ + SCHEDULER);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "\"clock\"",
                "[FsmMissingScheduler] the spec declares timeouts, so it needs a non-private"
                        + " method 'io.fsmgen.Scheduler clock()'");
    }

    @Test
    void privateSchedulerMethodDoesNotCount() {
        JavaFileObject spec = spec(TABLE, """
                    @Timeout(state = "RUNNING", fire = "STOP")
                    Duration patience() { return Duration.ofSeconds(1); }

                    private Scheduler scheduler() { return Scheduler.none(); }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmMissingScheduler]");
    }

    @Test
    void timeoutMethodWithTheWrongReturnType() {
        JavaFileObject spec = spec(TABLE, """
                    @Timeout(state = "RUNNING", fire = "STOP")
                    long patienceMillis() { return 1000; }

                """ + SCHEDULER);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "@Timeout(",
                "[FsmTimeoutMethod] timeout method 'patienceMillis' must take no parameter and"
                        + " return java.time.Duration");
    }

    @Test
    void timeoutMethodWithAParameter() {
        JavaFileObject spec = spec(TABLE, """
                    @Timeout(state = "RUNNING", fire = "STOP")
                    Duration patience(E event) { return Duration.ofSeconds(1); }

                """ + SCHEDULER);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "@Timeout(",
                "[FsmTimeoutMethod] timeout method 'patience' must take no parameter and"
                        + " return java.time.Duration");
    }

    @Test
    void privateTimeoutMethod() {
        JavaFileObject spec = spec(TABLE, """
                    @Timeout(state = "RUNNING", fire = "STOP")
                    private Duration patience() { return Duration.ofSeconds(1); }

                """ + SCHEDULER);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "@Timeout(",
                "[FsmInaccessibleMethod] timeout method 'patience' must not be private: the"
                        + " generated subclass calls it");
    }

    @Test
    void timeoutNamingNoState() {
        JavaFileObject spec = spec(TABLE, """
                    @Timeout(state = {}, fire = "STOP")
                    Duration patience() { return Duration.ofSeconds(1); }

                """ + SCHEDULER);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "@Timeout(",
                "[FsmEmptyHook] @Timeout must name at least one state");
    }

    /**
     * An interface of the spec declares the timeout and scheduler() throwing a checked exception, the superclass
     * implements both without one: Java calls the superclass's methods, which throw nothing checked (javac lists the
     * interface's beside them among the spec's members, in an order that depends on the files' order: Base first
     * put the interface's first, and the check took it).
     */
    @Test
    void schedulerDeclaredByAnInterfaceWithAThrowsClauseAndImplementedByTheSuperclass() {
        JavaFileObject spec = Fixtures.source("M", "package test;\n\nimport io.fsmgen.*;\n\n@StateMachine(\n" + TABLE
                + ")\nabstract class M extends Base implements Timed {}\n");
        JavaFileObject timed = Fixtures.source("Timed", "package test;\n\nimport io.fsmgen.*;\n\ninterface Timed {\n"
                + "    @Timeout(state = \"RUNNING\", fire = \"STOP\")\n    java.time.Duration patience();\n\n"
                + "    Scheduler scheduler() throws Exception;\n}\n");
        JavaFileObject base = Fixtures.source("Base", "package test;\n\nimport io.fsmgen.*;\n\nabstract class Base {\n"
                + "    public java.time.Duration patience() { return java.time.Duration.ofSeconds(1); }\n\n"
                + "    public Scheduler scheduler() { return Scheduler.none(); }\n}\n");
        assertThat(Fixtures.compile(base, timed, spec, Fixtures.STATES, Fixtures.EVENTS)).succeededWithoutWarnings();
    }

    @Test
    void validTimeoutCompilesWithoutWarnings() {
        JavaFileObject spec = spec(TABLE, """
                    @Timeout(state = "RUNNING", fire = "STOP")
                    Duration patience() { return Duration.ofSeconds(1); }

                """ + SCHEDULER);
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void completeMachineWithUndecidedPairs() {
        JavaFileObject spec = spec("""
                        complete =
                            true,
                """ + TABLE, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation)
                .hadErrorContaining("[FsmIncomplete] complete = true, but state IDLE does not decide STOP: add a row"
                        + " without a guard for each (an explicit stay documents the choice)")
                .inFile(spec)
                .onLineContaining("true,");
        assertThat(compilation)
                .hadErrorContaining("[FsmIncomplete] complete = true, but state RUNNING does not decide START")
                .inFile(spec)
                .onLineContaining("true,");
        assertThat(compilation)
                .hadErrorContaining("[FsmIncomplete] complete = true, but state DONE does not decide START, STOP")
                .inFile(spec)
                .onLineContaining("true,");
    }

    @Test
    void guardedRowsDoNotDecideAPairOfACompleteMachine() {
        JavaFileObject spec = spec("""
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        complete =
                            true,
                        transitions = {
                            @Transition(from = "IDLE", on = "START", guard = "ready", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(from = "*", on = {"START", "STOP"}),
                            @Transition(from = "*", on = "RESET", to = "IDLE"),
                        }
                """, """
                    boolean ready() { return true; }
                """);
        assertThat(compileSpec(spec)).succeededWithoutWarnings();
    }

    @Test
    void completeMachineDecidedByWildcardRows() {
        JavaFileObject spec = spec("""
                        complete = true,
                """ + TABLE.replace("""
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                """, """
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                        @Transition(from = "*", on = {"START", "STOP"}),
                """), "");
        assertThat(compileSpec(spec)).succeededWithoutWarnings();
    }
}
