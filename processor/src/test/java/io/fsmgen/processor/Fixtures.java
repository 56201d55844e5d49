package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * Shared helpers for the compile-testing suites: one place that knows how the processor is run, so that every test
 * compiles under the same options.
 *
 * <p>{@code -Xlint:all,-processing}: every lint is on, so that a positive test's {@code succeededWithoutWarnings()}
 * also proves that generated code is lint-clean. Only the {@code processing} lint is off: by default the processor
 * does not claim {@code @StateMachine} (other processors may want it), and javac's {@code processing} lint warns
 * "No processor claimed any of these annotations" about exactly that ({@code -Afsmgen.claim} claims it:
 * {@code LintProcessingTest}).
 */
final class Fixtures {

    static final String[] OPTIONS = {"-Xlint:all,-processing"};

    private Fixtures() {}

    static Compiler javac() {
        return Compiler.javac().withProcessors(new StateMachineProcessor()).withOptions((Object[]) OPTIONS);
    }

    static Compiler javac(Processor... extra) {
        Processor[] all = new Processor[extra.length + 1];
        all[0] = new StateMachineProcessor();
        System.arraycopy(extra, 0, all, 1, extra.length);
        return Compiler.javac().withProcessors(all).withOptions((Object[]) OPTIONS);
    }

    static Compilation compile(JavaFileObject... sources) {
        return javac().compile(sources);
    }

    /**
     * Asserts that {@code compilation} reported exactly one error, that it contains {@code message}, and that it sits
     * in {@code file} on the line containing {@code line}: the shape of most diagnostics tests, where a second error
     * would mean the processor reports one mistake twice.
     */
    static void assertOnlyErrorAt(Compilation compilation, JavaFileObject file, String line, String message) {
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
    }

    /** A source file in package {@code test}: {@code source("Door", "...")} is {@code test/Door.java}. */
    static JavaFileObject source(String simpleName, String text) {
        return JavaFileObjects.forSourceString("test." + simpleName, text);
    }

    /** A fully qualified source file. */
    static JavaFileObject qualified(String qualifiedName, String text) {
        return JavaFileObjects.forSourceString(qualifiedName, text);
    }

    /**
     * A spec {@code test.M} whose {@code @StateMachine(...)} members are {@code members} (one per line, as written)
     * and whose class body is {@code body}. The annotation opens on the line {@code @StateMachine(} and the class is
     * declared on the line {@code abstract class M}, so tests can pin diagnostics on either.
     */
    static JavaFileObject spec(String members, String body) {
        return source("M", "package test;\n"
                + "\n"
                + "import io.fsmgen.*;\n"
                + "import java.time.Duration;\n"
                + "\n"
                + "@StateMachine(\n"
                + members
                + ")\n"
                + "abstract class M {\n"
                + body
                + "}\n");
    }

    /** {@link #spec(String, String)} compiled with {@link #STATES} and {@link #EVENTS}. */
    static Compilation compileSpec(JavaFileObject spec) {
        return compile(spec, STATES, EVENTS);
    }

    /**
     * The enums most tests share, in their own file: {@code test.S} (states {@code IDLE, RUNNING, DONE}) and
     * {@code test.E} (events {@code START, STOP, RESET}).
     */
    static final JavaFileObject STATES = source("S", """
            package test;

            public enum S { IDLE, RUNNING, DONE }
            """);

    static final JavaFileObject EVENTS = source("E", """
            package test;

            public enum E { START, STOP, RESET }
            """);
}
