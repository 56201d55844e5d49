package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * A type the machine writes qualified starts with its package's root, and a variable, a member type or a type of the
 * package with that root's name obscures it (JLS 6.4.2): the spec is refused at its class, never left to fail inside
 * the generated code. The machine writes a type qualified when a name in its scope shadows the simple name, and
 * when two types it names share a simple name (JavaPoet imports one of them).
 */
class ObscuredPackageRootsTest {

    private static final String SPEC = """
            package test;

            import io.fsmgen.StateMachine;
            import io.fsmgen.Transition;

            @StateMachine(states = M.St.class, events = M.Ev.class, initial = "IDLE", finalStates = "DONE",
                    transitions = @Transition(from = "IDLE", on = "GO", action = "go", to = "DONE"))
            abstract class M {
                enum St { IDLE, DONE }
                enum Ev { GO }
                void go() {}
            }
            """;

    private static String spec(String states, String events, String members) {
        return SPEC.replace("states = M.St.class", "states = " + states)
                .replace("events = M.Ev.class", "events = " + events)
                .replace("void go() {}", "void go() {}\n" + members);
    }

    private static void refused(Compilation compilation, String message) {
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(message);
        assertEquals(1, compilation.errors().size(), compilation.errors().toString());
        assertEquals("M.java", new java.io.File(compilation.errors().get(0).getSource().getName()).getName());
    }

    @Test
    void aClassOfThePackageNamedJava_whileJavaLangStringIsWrittenQualified() {
        refused(Fixtures.javac().compile(
                        Fixtures.qualified("test.M", SPEC),
                        Fixtures.qualified("test.java", "package test; class java {}"),
                        Fixtures.qualified("test.String", "package test; class String {}")),
                "[FsmReservedName] the generated machine must name java.lang.String, but inside it the package name"
                        + " java means a type of the package; rename it or the type named String");
    }

    @Test
    void aClassOfThePackageNamedIo_whileTheStatesShareTheNameSnapshot() {
        refused(Fixtures.javac().compile(
                        Fixtures.qualified("test.M", spec("Snapshot.class", "M.Ev.class", "")),
                        Fixtures.qualified("test.io", "package test; class io {}"),
                        Fixtures.qualified("test.Snapshot", "package test; enum Snapshot { IDLE, DONE }")),
                "[FsmReservedName] the generated machine must name io.fsmgen.Snapshot, written qualified since another"
                        + " type it names is called Snapshot too, but inside it the package name io means a type of the"
                        + " package; rename it or one of the types named Snapshot");
    }

    @Test
    void aFieldNamedIo_whileTheStatesShareTheNameSnapshot() {
        refused(Fixtures.javac().compile(
                        Fixtures.qualified("test.M", spec("Snapshot.class", "M.Ev.class", "    protected int io;")),
                        Fixtures.qualified("test.Snapshot", "package test; enum Snapshot { IDLE, DONE }")),
                "[FsmReservedName] the generated machine must name io.fsmgen.Snapshot, written qualified since another"
                        + " type it names is called Snapshot too, but inside it the package name io means a field or"
                        + " local variable; rename it or one of the types named Snapshot");
    }

    @Test
    void anInheritedConstantNamedIo_whileTheStatesShareTheNameSnapshot() {
        refused(Fixtures.javac().compile(
                        Fixtures.qualified("test.M", spec("Snapshot.class", "M.Ev.class", "")
                                .replace("abstract class M {", "abstract class M implements K {")),
                        Fixtures.qualified("test.K", "package test; interface K { int io = 1; }"),
                        Fixtures.qualified("test.Snapshot", "package test; enum Snapshot { IDLE, DONE }")),
                "the package name io means a field or local variable");
    }

    @Test
    void aFieldNamedLikeThePackageOfStatesNamedMachine() {
        refused(Fixtures.javac().compile(
                        Fixtures.qualified("test.M", spec("other.Machine.class", "M.Ev.class",
                                "    protected int other;")),
                        Fixtures.qualified("other.Machine", "package other; public enum Machine { IDLE, DONE }")),
                "[FsmReservedName] the generated machine must name other.Machine, written qualified since another"
                        + " type it names is called Machine too, but inside it the package name other means a field or"
                        + " local variable; rename it or one of the types named Machine");
    }

    @Test
    void statesAndEventsOfOneSimpleName_andAFieldNamedLikeOneOfTheirPackages() {
        refused(Fixtures.javac().compile(
                        Fixtures.qualified("test.M", spec("a.Kind.class", "b.Kind.class", "    protected int b;")),
                        Fixtures.qualified("a.Kind", "package a; public enum Kind { IDLE, DONE }"),
                        Fixtures.qualified("b.Kind", "package b; public enum Kind { GO }")),
                "[FsmReservedName] the generated machine must name b.Kind, written qualified since another type it"
                        + " names is called Kind too, but inside it the package name b means a field or local variable;"
                        + " rename it or one of the types named Kind");
    }

    /** The snapshot code names an {@code @ExtendedState} field's enum type too. */
    @Test
    void anExtendedStateEnumNamedMachine_andAFieldNamedLikeItsPackage() {
        refused(Fixtures.javac().compile(
                        Fixtures.qualified("test.M", spec("M.St.class", "M.Ev.class",
                                "    @io.fsmgen.ExtendedState paint.Machine mode = paint.Machine.OFF;\n"
                                        + "    protected int paint;")),
                        Fixtures.qualified("paint.Machine", "package paint; public enum Machine { OFF, ON }")),
                "[FsmReservedName] the generated machine must name paint.Machine, written qualified since another"
                        + " type it names is called Machine too, but inside it the package name paint means a field or"
                        + " local variable; rename it or one of the types named Machine");
    }

    /** Both the states and the events are nested in Box, which a field obscures: one error, not one per use. */
    @Test
    void oneErrorPerObscuredName() {
        Compilation compilation = Fixtures.javac().compile(
                Fixtures.source("M", """
                        import io.fsmgen.StateMachine;
                        import io.fsmgen.Transition;

                        @StateMachine(states = Box.St.class, events = Box.Ev.class, initial = "IDLE",
                                finalStates = "DONE", transitions = @Transition(from = "IDLE", on = "GO", to = "DONE"))
                        abstract class M {
                            protected int Box;
                        }
                        """),
                Fixtures.source("Box", "class Box { enum St { IDLE, DONE } enum Ev { GO } }"));
        assertThat(compilation).hadErrorContaining("[FsmReservedName] the generated machine must name Box, but inside"
                + " it the simple name Box means a field or local variable");
        assertEquals(1, compilation.errors().size(), compilation.errors().toString());
        assertEquals(Diagnostic.Kind.ERROR, compilation.errors().get(0).getKind());
    }

    /** Legal: nothing is written qualified, so a field named like a package root obscures nothing. */
    @Test
    void fieldsNamedIoAndJavaAreFineWhenNothingIsWrittenQualified() {
        Compilation compilation = Fixtures.javac().compile(
                Fixtures.qualified("test.M", spec("M.St.class", "M.Ev.class",
                        "    protected int io;\n    protected int java;\n    protected int test;")));
        assertThat(compilation).succeededWithoutWarnings();
    }

    /** Legal, as the reviewer found: the types JavaPoet does not write qualified obscure nothing. */
    @Test
    void legalWhereNothingObscuredIsWrittenQualified() {
        assertThat(Fixtures.javac().compile(
                Fixtures.qualified("test.M", spec("Snapshot.class", "M.Ev.class", "    protected int test;")),
                Fixtures.qualified("test.Snapshot", "package test; enum Snapshot { IDLE, DONE }")))
                .succeededWithoutWarnings(); // the package's own Snapshot is written by its simple name
        assertThat(Fixtures.javac().compile(
                Fixtures.qualified("test.M", spec("other.Duration.class", "M.Ev.class", "    protected int other;")),
                Fixtures.qualified("other.Duration", "package other; public enum Duration { IDLE, DONE }")))
                .succeededWithoutWarnings(); // no timeouts: java.time.Duration is not named at all
        assertThat(Fixtures.javac().compile(
                Fixtures.qualified("test.M", spec("other.HierarchicalMachine.class", "M.Ev.class",
                        "    protected int io;")),
                Fixtures.qualified("other.HierarchicalMachine",
                        "package other; public enum HierarchicalMachine { IDLE, DONE }")))
                .succeededWithoutWarnings(); // a flat machine names no io.fsmgen.HierarchicalMachine
        assertThat(Fixtures.javac().compile(
                Fixtures.qualified("test.M", spec("a.Kind.class", "b.Kind.class", "    protected int a;")),
                Fixtures.qualified("a.Kind", "package a; public enum Kind { IDLE, DONE }"),
                Fixtures.qualified("b.Kind", "package b; public enum Kind { GO }")))
                .succeededWithoutWarnings(); // a.Kind is the one imported
    }

    /** Legal: two enums of one simple name, with nothing named like their packages. */
    @Test
    void statesAndEventsOfOneSimpleNameCompile() {
        Compilation compilation = Fixtures.javac().compile(
                Fixtures.qualified("test.M", spec("a.Kind.class", "b.Kind.class", "")),
                Fixtures.qualified("a.Kind", "package a; public enum Kind { IDLE, DONE }"),
                Fixtures.qualified("b.Kind", "package b; public enum Kind { GO }"));
        assertThat(compilation).succeededWithoutWarnings();
    }
}
