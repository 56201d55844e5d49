package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.EVENTS;
import static io.fsmgen.processor.Fixtures.STATES;
import static io.fsmgen.processor.Fixtures.assertOnlyErrorAt;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A spec declared inside code, which javac never shows the processor: each place is reported once, on its
 * {@code @StateMachine}, instead of compiling without a machine and without a word.
 */
class LocalSpecsTest {

    private static final String SPEC = """
            @StateMachine(
                        states = S.class, events = E.class, initial = "IDLE", finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(from = "*", on = "RESET", to = "IDLE"),
                        })
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // a local class in a method, the file's only annotation
        "void build() {\n        %s        abstract class Local {}\n    }",
        // a class inside a local class
        "void build() {\n        class Holder {\n            %s            abstract static class Local {}\n"
                + "        }\n    }",
        // a member class of an anonymous class in a static initializer
        "static {\n        new Object() {\n            %s            abstract static class Local {}\n        };\n    }",
        // a local class in a lambda of a field's initializer
        "final Runnable task = () -> {\n        %s        abstract class Local {}\n    };",
    })
    void aSpecInsideCodeIsReportedOnItsAnnotation(String member) {
        JavaFileObject host = source("Host", "package test;\n\nimport io.fsmgen.*;\n\nclass Host {\n    "
                + member.formatted(SPEC) + "\n}\n");
        Compilation compilation = compile(host, STATES, EVENTS);
        assertOnlyErrorAt(compilation, host, "@StateMachine(",
                "[FsmInnerSpec] spec Local is declared inside a method, initializer or lambda"
                        + " body; annotation processors are not shown such classes, so no machine is generated for"
                        + " it: declare it as a top-level class or a static member class");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // a local class in a method, the file's only annotation
        "void build() {\n        abstract class Local {\n            @OnEntry(\"IDLE\") void idle() {}\n        }\n    }",
        // an anonymous class in a field's initializer
        "final Object hooked = new Object() {\n        @OnEntry(\"IDLE\") void idle() {}\n    };",
    })
    void aHookOnAClassInsideCodeIsReportedAsNeverRunning(String member) {
        JavaFileObject host = source("Host", "package test;\n\nimport io.fsmgen.*;\n\nclass Host {\n    " + member
                + "\n}\n");
        Compilation compilation = compile(host, STATES, EVENTS);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation)
                .hadWarningContaining("[FsmUnusedHook] @OnEntry on ")
                .inFile(host)
                .onLineContaining("@OnEntry(");
        assertThat(compilation).hadWarningContaining("is declared inside code and is not a @StateMachine spec, and no"
                + " spec can extend it");
    }
}
