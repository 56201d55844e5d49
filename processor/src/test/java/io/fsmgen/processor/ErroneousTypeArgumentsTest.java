package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.EVENTS;
import static io.fsmgen.processor.Fixtures.STATES;
import static io.fsmgen.processor.Fixtures.javac;
import static io.fsmgen.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A type that does not exist yet may hide inside another one: a type argument ({@code List<GenConfig>},
 * {@code extends Base<GenArg>}), an array's component. javac hands such a type over as a declared or array type
 * whose error is only inside, so it must be looked for there: the spec waits for the type like any other missing
 * one, instead of mirroring a constructor the machine cannot compile or reporting the supertype's methods as
 * abstract. Whether it waits is pinned by a type another processor generates in the first round (the build must
 * succeed), and by one that never appears (only javac's error and {@code FsmUndefinedType}).
 */
class ErroneousTypeArgumentsTest {

    private static final String TABLE = """
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
            """;

    private static JavaFileObject spec(String imports, String declaration) {
        return source("M", "package test;\n\nimport io.fsmgen.*;\n" + imports + "\n" + TABLE + declaration + "\n");
    }

    private static final Map<String, String> GEN_CONFIG = Map.of("other.GenConfig",
            "package other;\n\npublic final class GenConfig implements Comparable<GenConfig> {\n"
                    + "    public int compareTo(GenConfig o) { return 0; }\n}\n");

    private static Compilation withGenConfig(JavaFileObject spec) {
        return javac(new GeneratingProcessor(GEN_CONFIG)).compile(spec, STATES, EVENTS);
    }

    @Test
    void constructorTakingAListOfAGeneratedTypeWaitsForIt() {
        Compilation compilation = withGenConfig(spec("import other.GenConfig;\n",
                "abstract class M {\n    M(java.util.List<GenConfig> configs) {}\n}"));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine").contentsAsUtf8String()
                .contains("import other.GenConfig;");
    }

    @Test
    void constructorTakingAnArrayOfAGeneratedTypeWaitsForIt() {
        Compilation compilation = withGenConfig(spec("import other.GenConfig;\n",
                "abstract class M {\n    M(GenConfig[] configs) {}\n}"));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void superclassWithAGeneratedTypeArgumentWaitsForIt() {
        Compilation compilation = withGenConfig(spec("import other.GenConfig;\n",
                "abstract class M extends java.util.ArrayList<GenConfig> {\n"
                        + "    private static final long serialVersionUID = 1L;\n}"));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void interfaceWithAGeneratedTypeArgumentWaitsForIt() {
        Compilation compilation = withGenConfig(spec("import other.GenConfig;\n",
                "abstract class M implements Comparable<GenConfig> {\n"
                        + "    public int compareTo(GenConfig o) { return 0; }\n}"));
        assertThat(compilation).succeededWithoutWarnings();
    }

    /** The spec's own machine is not a type yet either, but it is about to be written: nothing waits for it. */
    @Test
    void theSpecsOwnMachineInsideATypeArgumentIsNotWaitedFor() {
        JavaFileObject spec = spec("", "abstract class M extends Base<MMachine> implements Comparable<MMachine> {\n"
                + "    M(java.util.List<MMachine> children, MMachine[] more) {}\n"
                + "    public int compareTo(MMachine other) { return 0; }\n}");
        JavaFileObject base = source("Base", "package test;\n\nabstract class Base<T> {}\n");
        Compilation compilation = javac().compile(spec, base, STATES, EVENTS);
        assertThat(compilation).succeededWithoutWarnings();
    }

    /**
     * A machine as the superclass itself is waited for (its members are what the spec inherits): extending one, which
     * is final, gets javac's error alone, not a spec without a parent missing its states and events.
     */
    @Test
    void aSpecExtendingAMachineOfThisRoundGetsJavacsErrorAlone() {
        JavaFileObject spec = spec("", "abstract class M {}\n\n"
                + "@StateMachine(name = \"CMachine\", transitions = @Transition(from = \"DONE\", on = \"START\","
                + " to = \"IDLE\"))\nabstract class C extends MMachine {}");
        Compilation compilation = javac().compile(spec, STATES, EVENTS);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("cannot inherit from final").inFile(spec)
                .onLineContaining("abstract class C extends MMachine");
    }

    @Test
    void superclassWithAMissingTypeArgumentIsAnUndefinedTypeNotAnAbstractMethod() {
        JavaFileObject spec = spec("", "abstract class M extends java.util.ArrayList<Missing> {}");
        Compilation compilation = javac().compile(spec, STATES, EVENTS);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(spec).onLineContaining("Missing");
        assertThat(compilation).hadErrorContaining("[FsmUndefinedType] no machine generated for test.M: superclass"
                + " java.util.ArrayList<Missing> refers to a type").inFile(spec).onLineContaining("abstract class M");
    }

    @Test
    void interfaceWithAMissingTypeArgumentIsAnUndefinedTypeNotAnAbstractMethod() {
        JavaFileObject spec = spec("", "abstract class M implements Comparable<Missing> {}");
        Compilation compilation = javac().compile(spec, STATES, EVENTS);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[FsmUndefinedType] no machine generated for test.M: interface"
                + " java.lang.Comparable<Missing> of M refers to a type").inFile(spec)
                .onLineContaining("abstract class M");
    }

    @Test
    void constructorTakingAListOfAMissingTypeGeneratesNoMachine() {
        JavaFileObject spec = spec("", "abstract class M {\n    M(java.util.List<Missing> items) {}\n}");
        Compilation compilation = javac().compile(spec, STATES, EVENTS);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[FsmUndefinedType] no machine generated for test.M: constructor"
                + " parameter java.util.List<Missing> refers to a type").inFile(spec)
                .onLineContaining("abstract class M");
    }

    @Test
    void constructorTakingAnArrayOfAMissingTypeGeneratesNoMachine() {
        JavaFileObject spec = spec("", "abstract class M {\n    M(Missing[] items) {}\n}");
        Compilation compilation = javac().compile(spec, STATES, EVENTS);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[FsmUndefinedType] no machine generated for test.M: constructor"
                + " parameter Missing[] refers to a type").inFile(spec).onLineContaining("abstract class M");
    }

    /** javac prints a parameterized type it could not find as {@code <any>}: the message names the parameter. */
    @Test
    void aMissingGenericTypeIsNamedByItsParameterNotAsAny() {
        JavaFileObject spec = spec("",
                "abstract class M {\n    @OnError\n    void failed(TransitionFailur<S, E> failure) {}\n}");
        Compilation compilation = javac().compile(spec, STATES, EVENTS);
        assertThat(compilation).hadErrorContaining("[FsmUndefinedType] no machine generated for test.M: the type of"
                + " parameter failure in error handler 'failed' refers to a type").inFile(spec)
                .onLineContaining("@OnError");
        for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.errors()) {
            assertThat(diagnostic.getMessage(Locale.ROOT)).doesNotContain("<any>");
        }
    }
}
