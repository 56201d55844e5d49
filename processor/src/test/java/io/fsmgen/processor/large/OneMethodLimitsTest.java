package io.fsmgen.processor.large;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.fsmgen.processor.StateMachineProcessor;
import org.junit.jupiter.api.Test;

/**
 * The two pieces of generated code that cannot be chained over methods (one cell's rows; the snapshot reader's
 * checks of every field): past the JVM's 64 KB per method, the spec gets an error naming the limit, not javac's
 * "code too large" inside the generated class. The specs just past the bound compile when one row or field less.
 */
class OneMethodLimitsTest {

    @Test
    void aCellOfThousandsOfGuardedRowsIsRefusedOnTheSpec() {
        Compilation compilation = compile("Rows", guardedRows(4_200));
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[FsmTooLarge] the cell (A, GO) tries 4,201 rows in one method")
                .inFile(compilation.sourceFiles().get(0))
                .onLineContaining("abstract class Rows");
    }

    @Test
    void aCellOfAThousandGuardedRowsCompiles() {
        assertThat(compile("Rows", guardedRows(1_000))).succeededWithoutWarnings();
    }

    @Test
    void moreThanAThousandExtendedStateFieldsAreRefusedOnTheSpec() {
        Compilation compilation = compile("Fields", fields(1_001));
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[FsmTooLarge] 1,001 @ExtendedState fields")
                .inFile(compilation.sourceFiles().get(0))
                .onLineContaining("abstract class Fields");
    }

    @Test
    void aThousandRangeCheckedFieldsCompile() {
        assertThat(compile("Fields", fields(1_000))).succeeded();
    }

    private static String guardedRows(int rows) {
        StringBuilder table = new StringBuilder();
        StringBuilder guards = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            table.append("@Transition(from = \"A\", on = \"GO\", guard = \"g").append(i)
                    .append("\", to = \"B\", action = \"act\"),\n");
            guards.append("boolean g").append(i).append("() { return false; }\n");
        }
        return """
                package big;

                import io.fsmgen.*;

                @StateMachine(states = Rows.S.class, events = Rows.E.class, initial = "A",
                        transitions = {
                            ROWS
                            @Transition(from = "A", on = "GO", to = "B"),
                            @Transition(from = "B", on = "GO", to = "A"),
                        })
                abstract class Rows {
                    enum S { A, B }
                    enum E { GO }

                    GUARDS
                    void act() {
                    }
                }
                """.replace("ROWS", table).replace("GUARDS", guards);
    }

    private static String fields(int count) {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < count; i++) {
            fields.append("@ExtendedState(min = 0, max = 1000) int f").append(i).append(";\n");
        }
        return """
                package big;

                import io.fsmgen.*;

                @StateMachine(states = Fields.S.class, events = Fields.E.class, initial = "A",
                        transitions = {
                            @Transition(from = "A", on = "GO", to = "B"),
                            @Transition(from = "B", on = "GO", to = "A"),
                        })
                abstract class Fields {
                    enum S { A, B }
                    enum E { GO }

                    FIELDS
                }
                """.replace("FIELDS", fields);
    }

    private static Compilation compile(String name, String source) {
        return Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big." + name, source));
    }
}
