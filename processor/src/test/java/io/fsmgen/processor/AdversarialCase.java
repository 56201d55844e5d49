package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * One wrong or unusual spec of the adversarial suite, and what the processor must say about it: the message, and the
 * line it is on. Whatever the spec, javac must not print a stack trace, and no error may sit in generated code.
 *
 * @param name what the case tries, shown as the test's name
 * @param files the sources; the first one is where the diagnostic is expected
 * @param kind error or warning
 * @param message a part of the expected message, tag included
 * @param line a part of the line the diagnostic must be on
 */
record AdversarialCase(String name, List<JavaFileObject> files, Diagnostic.Kind kind, String message, String line) {

    /** The table most cases start from: complete, reachable, warning-free. */
    static final String TABLE = """
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

    @Override
    public String toString() {
        return name;
    }

    static AdversarialCase error(String name, String message, String line, String members, String body,
            JavaFileObject... more) {
        return new AdversarialCase(name, files(Fixtures.spec(members, body), more), Diagnostic.Kind.ERROR, message,
                line);
    }

    static AdversarialCase warning(String name, String message, String line, String members, String body) {
        return new AdversarialCase(name, files(Fixtures.spec(members, body)), Diagnostic.Kind.WARNING, message, line);
    }

    /** A case whose first file is written out in full (package {@code test}, class named by {@code simpleName}). */
    static AdversarialCase errorIn(String name, String message, String line, String simpleName, String text,
            JavaFileObject... more) {
        return new AdversarialCase(name, files(Fixtures.source(simpleName, text), more), Diagnostic.Kind.ERROR,
                message, line);
    }

    private static List<JavaFileObject> files(JavaFileObject first, JavaFileObject... more) {
        List<JavaFileObject> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        if (all.stream().noneMatch(file -> file.getName().endsWith("/S.java"))) {
            all.add(Fixtures.STATES);
        }
        if (all.stream().noneMatch(file -> file.getName().endsWith("/E.java"))) {
            all.add(Fixtures.EVENTS);
        }
        return all;
    }

    /** Compiles the case and checks the one diagnostic it is about, and that nothing went wrong around it. */
    void check() {
        Compilation compilation = Fixtures.javac().compile(files);
        JavaFileObject where = files.get(0);
        if (kind == Diagnostic.Kind.ERROR) {
            assertThat(compilation).failed();
            assertThat(compilation).hadErrorContaining(message).inFile(where).onLineContaining(line);
        } else {
            assertThat(compilation).succeeded();
            assertThat(compilation).hadWarningContaining(message).inFile(where).onLineContaining(line);
        }
        for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
            String text = diagnostic.getMessage(Locale.ROOT);
            assertWithMessage("no stack trace: %s", text).that(text).doesNotContain("\tat ");
            assertWithMessage("no internal error: %s", text).that(text).doesNotContain("FsmInternalError");
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR && diagnostic.getSource() != null) {
                String file = diagnostic.getSource().getName();
                assertWithMessage("no error in generated code: %s in %s", text, file)
                        .that(files.stream().anyMatch(source -> source.getName().equals(file))).isTrue();
            }
        }
    }
}
