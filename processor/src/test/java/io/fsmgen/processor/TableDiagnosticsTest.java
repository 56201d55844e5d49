package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.EVENTS;
import static io.fsmgen.processor.Fixtures.STATES;
import static io.fsmgen.processor.Fixtures.assertOnlyErrorAt;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.compileSpec;
import static io.fsmgen.processor.Fixtures.source;
import static io.fsmgen.processor.Fixtures.spec;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The shape of the table: rows that can never fire, empty lists and empty guards, and the cases that look similar
 * but are legal (wildcard precedence, a child spec replacing an inherited row).
 */
class TableDiagnosticsTest {

    /** Rows for a machine that is otherwise warning-free: every state reachable and left, every event used. */
    private static final String HEADER = """
                    states = S.class,
                    events = E.class,
                    initial = "IDLE",
                    finalStates = "DONE",
            """;

    private static final String READY = """
                boolean ready() { return true; }
                boolean steady() { return true; }
            """;

    @Test
    void twoGuardlessRowsForTheSameCell() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "IDLE", on = "START", to = "DONE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, spec, "to = \"DONE\"",
                "[FsmDuplicateFallback] (IDLE, START) has two rows without a guard (M row 1 and"
                        + " this one); only one can be the fallback");
    }

    @Test
    void twoGuardlessWildcardRowsForTheSameEvent() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = "*", on = "RESET", to = "IDLE"),
                            @Transition(from = "*", on = "RESET", to = "DONE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "to = \"DONE\"",
                "[FsmDuplicateFallback] (*, RESET) has two rows without a guard (M row 1 and"
                        + " this one)");
    }

    @Test
    void aConflictBetweenTwoMultiStateRowsIsReportedOnce() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = {"IDLE", "RUNNING"}, on = {"START", "STOP"}, to = "DONE"),
                            @Transition(from = {"IDLE", "RUNNING"}, on = {"START", "STOP"}, to = "IDLE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "to = \"IDLE\"",
                "[FsmDuplicateFallback] (IDLE, START) has two rows without a guard");
    }

    @Test
    void guardedRowAfterAGuardlessRowIsUnreachable() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "IDLE", on = "START", guard = "ready", to = "DONE"),
                        }
                """, READY);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "guard = \"ready\"",
                "[FsmUnreachableRow] this row can never fire: (IDLE, START) already has a row"
                        + " without a guard before it (M row 1); a row without a guard is the fallback and must come"
                        + " last");
    }

    @Test
    void twoRowsWithTheSameGuard() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = "IDLE", on = "START", guard = "ready", to = "RUNNING"),
                            @Transition(from = "IDLE", on = "START", guard = "ready", to = "DONE"),
                        }
                """, READY);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "to = \"DONE\"",
                "[FsmDuplicateRow] (IDLE, START) has two rows with guard 'ready' (M row 1 and"
                        + " this one); the second can never fire");
    }

    @Test
    void aGuardAndItsNegationAreDifferentRows() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = "IDLE", on = "START", guard = "ready", to = "RUNNING"),
                            @Transition(from = "IDLE", on = "START", guard = "!ready", to = "DONE"),
                            @Transition(from = "RUNNING", on = "STOP", guard = "steady", to = "DONE"),
                            @Transition(from = "RUNNING", on = "STOP", to = "IDLE"),
                            @Transition(from = "*", on = "RESET", to = "IDLE"),
                        }
                """, READY);
        assertThat(compileSpec(spec)).succeededWithoutWarnings();
    }

    @Test
    void explicitRowTakesPrecedenceOverAWildcardRowWithoutError() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = "*", on = "RESET", to = "IDLE"),
                            @Transition(from = "RUNNING", on = "RESET", to = "DONE"),
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "IDLE"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine");
        // The shadowed "*" row is not part of RUNNING's cell: the table lists only the explicit row there.
        String table = compilation
                .generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/fsmgen/test.MMachine.md")
                .map(TableDiagnosticsTest::contents)
                .orElseThrow();
        com.google.common.truth.Truth.assertThat(table).contains("| RUNNING | RESET |  |  | DONE | M row 2 |\n");
        com.google.common.truth.Truth.assertThat(table).doesNotContain("| RUNNING | RESET |  |  | IDLE |");
        com.google.common.truth.Truth.assertThat(table).contains("| IDLE | RESET |  |  | IDLE | M row 1 (`*`) |\n");
    }

    private static String contents(JavaFileObject file) {
        try {
            return file.getCharContent(false).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void emptyFrom() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(
                                    from = {},
                                    on = "START", to = "RUNNING"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "from = {}",
                "[FsmEmptyFrom] from must name at least one state, or \"*\" for every state");
    }

    @Test
    void emptyOn() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = "IDLE",
                                    on = {},
                                    to = "RUNNING"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "on = {}",
                "[FsmEmptyOn] on must name at least one event");
    }

    @Test
    void emptyGuardAfterBang() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING",
                                    guard = "!"),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "guard = \"!\"",
                "[FsmEmptyGuard] guard '!' names no method: write \"name\" or \"!name\" with a"
                        + " boolean method of the spec");
    }

    @Test
    void blankGuardAfterBang() {
        JavaFileObject spec = spec(HEADER + """
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING",
                                    guard = " ! "),
                        }
                """, "");
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "guard = \" ! \"",
                "[FsmEmptyGuard] guard ' ! ' names no method");
    }

    private static final JavaFileObject PARENT = source("Parent", """
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
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                    })
            abstract class Parent {
                boolean ready() { return true; }
            }
            """);

    @Test
    void childSpecReplacesAnInheritedRowWithTheSameStateEventAndGuard() {
        JavaFileObject child = source("Child", """
                package test;

                import io.fsmgen.*;

                @StateMachine(transitions = {
                    @Transition(from = "RUNNING", on = "STOP", to = "IDLE"),
                    @Transition(from = "IDLE", on = "STOP", to = "DONE"),
                })
                abstract class Child extends Parent {}
                """);
        Compilation compilation = compile(PARENT, child, STATES, EVENTS);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.ParentMachine");
        assertThat(compilation).generatedSourceFile("test.ChildMachine");
        // The replaced row keeps its place, and the markdown table shows where each effective row was declared.
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/fsmgen/test.ChildMachine.md")
                .contentsAsUtf8String()
                .contains("""
                        | IDLE | START |  |  | RUNNING | Parent row 1 |
                        | IDLE | STOP |  |  | DONE | Child row 2 |
                        | IDLE | RESET |  |  | IDLE | Parent row 3 (`*`) |
                        | RUNNING | STOP |  |  | IDLE | Child row 1 |
                        """);
    }

    @Test
    void childRowBehindAnInheritedFallbackIsUnreachable() {
        JavaFileObject child = source("Child", """
                package test;

                import io.fsmgen.*;

                @StateMachine(transitions = {
                    @Transition(from = "IDLE", on = "START", guard = "ready", to = "DONE"),
                })
                abstract class Child extends Parent {}
                """);
        Compilation compilation = compile(PARENT, child, STATES, EVENTS);
        assertOnlyErrorAt(compilation, child, "guard = \"ready\"",
                "[FsmUnreachableRow] this row can never fire: (IDLE, START) already has a row"
                        + " without a guard before it (Parent row 1)");
    }

    @Test
    void anErrorInAnInheritedTableIsReportedOnce() {
        JavaFileObject parent = source("Parent", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START",
                                    to = "RUNNNG"),
                        })
                abstract class Parent {}
                """);
        JavaFileObject child = source("Child", """
                package test;

                import io.fsmgen.*;

                @StateMachine(transitions = @Transition(from = "RUNNING", on = "STOP", to = "DONE"))
                abstract class Child extends Parent {}
                """);
        Compilation compilation = compile(parent, child, STATES, EVENTS);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation)
                .hadErrorContaining("[FsmUnknownName] unknown state 'RUNNNG'")
                .inFile(parent)
                .onLineContaining("to = \"RUNNNG\"");
        // The child says why it generates no machine, once, without repeating the parent's error.
        assertThat(compilation)
                .hadErrorContaining("[FsmParentSpec] no machine ChildMachine generated for Child: the table it"
                        + " inherits from test.Parent has errors, reported on test.Parent")
                .inFile(child)
                .onLineContaining("@StateMachine(transitions");
    }
}
