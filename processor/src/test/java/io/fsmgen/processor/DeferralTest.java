package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.EVENTS;
import static io.fsmgen.processor.Fixtures.STATES;
import static io.fsmgen.processor.Fixtures.assertOnlyErrorAt;
import static io.fsmgen.processor.Fixtures.javac;
import static io.fsmgen.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A spec may refer to types that another processor generates in the same compilation. The spec is deferred to the
 * next round instead of failing, and only reported if the type never appears (the pattern of AutoValue's
 * {@code FooProcessor} test).
 */
class DeferralTest {

    private static final String GENERATED_EVENTS = """
            package test;

            public enum GenEvents { START, STOP }
            """;

    @Test
    void eventEnumGeneratedByAnotherProcessorInTheFirstRound() {
        JavaFileObject spec = source("M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = S.class,
                        events = GenEvents.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                        })
                abstract class M {
                    void count(GenEvents event) {}
                }
                """);
        Compilation compilation = javac(new GeneratingProcessor(Map.of("test.GenEvents", GENERATED_EVENTS)))
                .compile(spec, STATES);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.GenEvents");
        assertThat(compilation).generatedSourceFile("test.MMachine");
    }

    @Test
    void parentClassGeneratedByAnotherProcessorInTheFirstRound() {
        JavaFileObject spec = source("M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = S.class,
                        events = E.class,
                        initial = "IDLE",
                        finalStates = "DONE",
                        transitions = {
                            @Transition(from = "IDLE", on = "START", guard = "ready", to = "RUNNING"),
                            @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                            @Transition(from = "*", on = "RESET", to = "IDLE"),
                        })
                abstract class M extends GenBase {}
                """);
        String base = """
                package test;

                public abstract class GenBase {
                    protected boolean ready() { return true; }
                }
                """;
        Compilation compilation = javac(new GeneratingProcessor(Map.of("test.GenBase", base)))
                .compile(spec, STATES, EVENTS);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine");
    }

    private static final String IMPLEMENTING_SPEC = """
            package test;

            import io.fsmgen.*;

            @StateMachine(
                    states = S.class,
                    events = E.class,
                    initial = "IDLE",
                    finalStates = "DONE",
                    transitions = {
                        @Transition(from = "IDLE", on = "START", guard = "ready", to = "RUNNING"),
                        @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                    })
            abstract class M implements GenTask {}
            """;

    @Test
    void interfaceGeneratedByAnotherProcessorInTheFirstRound() {
        JavaFileObject spec = source("M", IMPLEMENTING_SPEC);
        String task = """
                package test;

                public interface GenTask {
                    default boolean ready() { return true; }
                }
                """;
        Compilation compilation = javac(new GeneratingProcessor(Map.of("test.GenTask", task)))
                .compile(spec, STATES, EVENTS);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine");
    }

    @Test
    void abstractMethodOfAnInterfaceGeneratedByAnotherProcessorIsReportedOnTheSpec() {
        JavaFileObject spec = source("M", IMPLEMENTING_SPEC);
        String task = """
                package test;

                public interface GenTask {
                    default boolean ready() { return true; }

                    void run();
                }
                """;
        Compilation compilation = javac(new GeneratingProcessor(Map.of("test.GenTask", task)))
                .compile(spec, STATES, EVENTS);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmAbstractMethod] machine MMachine, inherited GenTask.run(): spec method run()"
                        + " is abstract");
    }

    @Test
    void typeThatNeverAppearsIsReportedOnceProcessingIsOver() {
        JavaFileObject spec = source("M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                        states = S.class,
                        events = Missing.class,
                        initial = "IDLE")
                abstract class M {}
                """);
        Compilation compilation = javac().compile(spec, STATES);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[FsmUndefinedType] no machine generated for test.M: the value of events refers"
                        + " to a type or constant that does not exist")
                .inFile(spec)
                .onLineContaining("events = Missing.class");
        // javac's own error stays on the value.
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(spec).onLineContaining("Missing.class");
    }

    @Test
    void constructorParameterOfAGeneratedType() {
        JavaFileObject spec = source("M", """
                package test;

                import io.fsmgen.*;
                import other.GenConfig;

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
                abstract class M {
                    M(GenConfig config) {}
                }
                """);
        String config = """
                package other;

                public final class GenConfig {}
                """;
        Compilation compilation = javac(new GeneratingProcessor(Map.of("other.GenConfig", config)))
                .compile(spec, STATES, EVENTS);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine").contentsAsUtf8String()
                .contains("import other.GenConfig;");
    }
}
