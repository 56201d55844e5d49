package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Types the machine names that are auxiliary classes (declared in a file named for another class): javac's
 * {@code -Xlint:auxiliaryclass} warns on their every use inside the generated machine, which nothing there can
 * silence, so the processor tells the spec's author, once per type, on the type, as a note that {@code -Werror}
 * does not count.
 */
class AuxiliaryClassesTest {

    private static final String SPEC = """
            package test;

            import io.fsmgen.*;

            @StateMachine(states = S.class, events = E.class, initial = "IDLE", finalStates = "DONE",
                    transitions = {
                        @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                    })
            abstract class M {}
            """;

    @Test
    void enumsBesideTheSpecAreNotedOnceEachOnTheEnum() {
        JavaFileObject spec = source("M", SPEC + "\nenum S { IDLE, RUNNING, DONE }\n\nenum E { START, STOP, RESET }\n");
        Compilation compilation = Fixtures.compile(spec);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadNoteContaining("[FsmAuxiliaryClass] S is declared in M.java, a file named for another class, and"
                        + " the generated MMachine names it from its own file: javac's -Xlint:auxiliaryclass (part of"
                        + " -Xlint:all) warns on each such use")
                .inFile(spec)
                .onLineContaining("enum S");
        assertThat(compilation)
                .hadNoteContaining("move E to its own file, E.java, or nest it in M")
                .inFile(spec)
                .onLineContaining("enum E");
        assertThat(notes(compilation)).isEqualTo(2);
    }

    @Test
    void aSpecInAFileNamedForAnotherClassIsNotedOnTheSpec() {
        JavaFileObject file = source("Other", SPEC + "\nfinal class Other {}\n");
        Compilation compilation = Fixtures.compile(file, Fixtures.STATES, Fixtures.EVENTS);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadNoteContaining("[FsmAuxiliaryClass] M is declared in Other.java")
                .inFile(file)
                .onLineContaining("abstract class M");
        assertThat(notes(compilation)).isEqualTo(1);
    }

    @Test
    void typesInFilesOfTheirOwnAreNotNoted() {
        Compilation compilation = Fixtures.compile(source("M", SPEC), Fixtures.STATES, Fixtures.EVENTS);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(notes(compilation)).isEqualTo(0);
    }

    private static long notes(Compilation compilation) {
        return compilation.diagnostics().stream()
                .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.NOTE)
                .filter(diagnostic -> diagnostic.getMessage(Locale.ROOT).contains("[FsmAuxiliaryClass]"))
                .count();
    }
}
