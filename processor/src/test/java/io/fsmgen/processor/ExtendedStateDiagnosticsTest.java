package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.EVENTS;
import static io.fsmgen.processor.Fixtures.STATES;
import static io.fsmgen.processor.Fixtures.assertOnlyErrorAt;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.compileSpec;
import static io.fsmgen.processor.Fixtures.qualified;
import static io.fsmgen.processor.Fixtures.spec;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @ExtendedState} fields the generated machine cannot capture: each is reported on the field's annotation,
 * with what to do instead. And the fields it can capture, compiled without a warning.
 */
class ExtendedStateDiagnosticsTest {

    /** A complete, warning-free table, so that only the field under test is reported. */
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

    private static JavaFileObject withFields(String body) {
        return spec(TABLE, body);
    }

    @Test
    void everyCapturableKindCompilesWithoutWarnings() {
        JavaFileObject spec = withFields("""
                    enum Mode { A, B }
                    @ExtendedState boolean flag;
                    @ExtendedState(min = 0, max = 9) int count;
                    @ExtendedState protected long big;
                    @ExtendedState byte b;
                    @ExtendedState short s;
                    @ExtendedState char c;
                    @ExtendedState float f;
                    @ExtendedState double d;
                    @ExtendedState Mode mode;
                    final Object config = new Object();
                    static int shared;
                """);
        assertThat(compileSpec(spec)).succeededWithoutWarnings();
    }

    @Test
    void objectTypeIsRejected() {
        JavaFileObject spec = withFields("""
                    @ExtendedState String name;
                """);
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, spec, "@ExtendedState String name;",
                "[FsmExtendedStateType] @ExtendedState field 'name' has type java.lang.String,"
                        + " which a snapshot cannot capture: only primitives and enums have a value rather than an"
                        + " identity");
    }

    @Test
    void boxedNumbersAndArraysAreRejected() {
        JavaFileObject spec = withFields("""
                    @ExtendedState Integer boxed;
                    @ExtendedState int[] counts;
                """);
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[FsmExtendedStateType] @ExtendedState field 'boxed' has type"
                + " java.lang.Integer").inFile(spec).onLineContaining("Integer boxed");
        assertThat(compilation).hadErrorContaining("[FsmExtendedStateType] @ExtendedState field 'counts' has type"
                + " int[]").inFile(spec).onLineContaining("int[] counts");
    }

    @Test
    void finalFieldIsRejected() {
        JavaFileObject spec = withFields("""
                    @ExtendedState final boolean done = false;
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "final boolean done",
                "[FsmExtendedStateFinal] @ExtendedState field 'done' is final, but restore() must"
                        + " write it");
    }

    @Test
    void staticFieldIsRejected() {
        JavaFileObject spec = withFields("""
                    @ExtendedState static int total;
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "static int total",
                "[FsmExtendedStateStatic] @ExtendedState field 'total' is static, so every machine"
                        + " would share it");
    }

    @Test
    void privateFieldIsRejected() {
        JavaFileObject spec = withFields("""
                    @ExtendedState private boolean hidden;
                    boolean hidden() { return hidden; }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "private boolean hidden;",
                "[FsmExtendedStateInaccessible] @ExtendedState field 'hidden' is private, so the"
                        + " generated machine, a subclass in test, cannot read and write it; make it protected");
    }

    @Test
    void packagePrivateFieldOfASuperclassInAnotherPackageIsRejectedOnTheSpec() {
        JavaFileObject base = qualified("other.Base", """
                package other;

                public abstract class Base {
                    @io.fsmgen.ExtendedState boolean ready;
                }
                """);
        JavaFileObject spec = qualified("test.M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                """ + TABLE + """
                )
                abstract class M extends other.Base {}
                """);
        Compilation compilation = compile(spec, base, STATES, EVENTS);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmExtendedStateInaccessible] machine MMachine, inherited field Base.ready:"
                        + " @ExtendedState field 'ready' is package-private in another package");
    }

    @Test
    void protectedFieldOfASuperclassInAnotherPackageIsCaptured() {
        JavaFileObject base = qualified("other.Base", """
                package other;

                public abstract class Base {
                    @io.fsmgen.ExtendedState protected boolean ready;
                }
                """);
        JavaFileObject spec = qualified("test.M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                """ + TABLE + """
                )
                abstract class M extends other.Base {}
                """);
        Compilation compilation = compile(spec, base, STATES, EVENTS);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine").contentsAsUtf8String()
                .contains("super.ready = ready;");
    }

    /** A superclass's field of a type variable that the spec binds to an enum is a field of that enum. */
    @Test
    void fieldOfATypeVariableTheSpecBindsToAnEnumIsCapturedAndRestored() throws Exception {
        JavaFileObject base = qualified("test.Base", """
                package test;

                public abstract class Base<C extends Enum<C>> {
                    @io.fsmgen.ExtendedState protected C colour;
                }
                """);
        JavaFileObject colour = qualified("test.Colour", "package test;\n\npublic enum Colour { RED, GREEN }\n");
        JavaFileObject spec = qualified("test.M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                """ + TABLE + """
                )
                abstract class M extends Base<Colour> {}
                """);
        Compilation compilation = compile(spec, base, colour, STATES, EVENTS);
        assertThat(compilation).succeededWithoutWarnings();
        Loaded loaded = new Loaded(compilation);
        Object machine = loaded.machine("test.MMachine");
        java.lang.reflect.Field field = loaded.loadClass("test.Base").getDeclaredField("colour");
        field.setAccessible(true);
        field.set(machine, loaded.constant("test.Colour", "GREEN"));
        io.fsmgen.Snapshot green = ((io.fsmgen.Capturable) machine).snapshot();
        field.set(machine, loaded.constant("test.Colour", "RED"));
        ((io.fsmgen.Capturable) machine).restore(green);
        org.junit.jupiter.api.Assertions.assertEquals(loaded.constant("test.Colour", "GREEN"), field.get(machine));
    }

    /** A spec that extends the superclass raw leaves its type variable unbound: the field says how to bind it. */
    @Test
    void fieldOfATypeVariableLeftUnboundIsRejectedSayingHowToBindIt() {
        JavaFileObject base = qualified("test.Base", """
                package test;

                public abstract class Base<C extends Enum<C>> {
                    @io.fsmgen.ExtendedState protected C colour;
                }
                """);
        JavaFileObject spec = qualified("test.M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                """ + TABLE + """
                )
                @SuppressWarnings("rawtypes")
                abstract class M extends Base {}
                """);
        Compilation compilation = compile(spec, base, STATES, EVENTS);
        assertThat(compilation).hadErrorContaining("[FsmExtendedStateType] machine MMachine, inherited field"
                + " Base.colour: @ExtendedState field 'colour' has type C, a type variable of Base that M leaves unbound (here it is"
                + " java.lang.Enum); bind it to an enum where the spec extends Base (extends Base<SomeEnum>)");
    }

    /** A field of an interface the spec implements makes the inherited field's name ambiguous in the machine. */
    @Test
    void fieldAmbiguousWithAnInterfaceConstantIsRejected() {
        JavaFileObject base = qualified("test.Base", """
                package test;

                abstract class Base {
                    @io.fsmgen.ExtendedState int level;
                }
                """);
        JavaFileObject limits = qualified("test.Limits", """
                package test;

                interface Limits {
                    int level = 3;
                }
                """);
        JavaFileObject spec = qualified("test.M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                """ + TABLE + """
                )
                abstract class M extends Base implements Limits {
                }
                """);
        Compilation compilation = compile(spec, base, limits, STATES, EVENTS);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[FsmExtendedStateHidden] machine MMachine, inherited field"
                + " Base.level: @ExtendedState field 'level' of Base is ambiguous with field 'level' of interface"
                + " Limits, which a subclass implements, so the machine cannot name it; rename one of them");
    }

    /** Declared by the class that implements the interface, the field hides the constant: nothing is ambiguous. */
    @Test
    void fieldHidingAnInterfaceConstantOfItsOwnClassIsAccepted() {
        JavaFileObject limits = qualified("test.Limits", """
                package test;

                interface Limits {
                    int level = 3;
                }
                """);
        JavaFileObject base = qualified("test.Base", """
                package test;

                abstract class Base implements Limits {
                    @io.fsmgen.ExtendedState int level;
                }
                """);
        JavaFileObject spec = qualified("test.M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                """ + TABLE + """
                )
                abstract class M extends Base {
                }
                """);
        assertThat(compile(spec, base, limits, STATES, EVENTS)).succeeded();
    }

    @Test
    void hiddenFieldIsRejected() {
        JavaFileObject base = qualified("test.Base", """
                package test;

                abstract class Base {
                    @io.fsmgen.ExtendedState int level;
                }
                """);
        JavaFileObject spec = qualified("test.M", """
                package test;

                import io.fsmgen.*;

                @StateMachine(
                """ + TABLE + """
                )
                abstract class M extends Base {
                    final String level = "shadow";
                }
                """);
        Compilation compilation = compile(spec, base, STATES, EVENTS);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmExtendedStateHidden] machine MMachine, inherited field Base.level: @ExtendedState"
                        + " field 'level' of Base is hidden by field 'level' of M, so the machine cannot reach it;"
                        + " rename one of them");
    }

    @Test
    void rangeOnANonIntegralFieldIsRejected() {
        JavaFileObject spec = withFields("""
                    @ExtendedState(max = 1) boolean flag;
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "max = 1",
                "[FsmExtendedStateRange] min and max apply to integral fields (byte, short, char,"
                        + " int, long), not to @ExtendedState field 'flag' of type boolean");
    }

    @Test
    void emptyRangeIsRejectedOnMax() {
        JavaFileObject spec = withFields("""
                    @ExtendedState(min = 5,
                            max = 2) int retries;
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "max = 2",
                "[FsmExtendedStateRange] min = 5 is greater than max = 2 for @ExtendedState field"
                        + " 'retries'");
    }

    @Test
    void rangeBeyondTheTypeIsRejected() {
        JavaFileObject spec = withFields("""
                    @ExtendedState(max = 300) byte level;
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "max = 300",
                "[FsmExtendedStateRange] max = 300 is outside what @ExtendedState field 'level' of"
                        + " type byte can hold (-128..127)");
    }

    @Test
    void privateEnumTypeIsRejected() {
        JavaFileObject spec = withFields("""
                    private enum Secret { X }
                    @ExtendedState Secret secret;
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "Secret secret;",
                "[FsmExtendedStateInaccessible] the enum test.M.Secret of @ExtendedState field"
                        + " 'secret' is private");
    }

    @Test
    void mutableFieldLeftOutIsAWarningOnceTheSpecDeclaresExtendedState() {
        JavaFileObject spec = withFields("""
                    @ExtendedState boolean flag;
                    int forgotten;
                    @SuppressWarnings("fsmgen") int statistic;
                """);
        Compilation compilation = compileSpec(spec);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation)
                .hadWarningContaining("[FsmUncapturedField] field 'forgotten' of M is mutable but not @ExtendedState,"
                        + " so snapshot(), restore() and the explorer leave it out")
                .inFile(spec)
                .onLineContaining("int forgotten;");
    }

    @Test
    void mutableFieldsAreNotReportedWithoutExtendedState() {
        JavaFileObject spec = withFields("""
                    int counter;
                """);
        assertThat(compileSpec(spec)).succeededWithoutWarnings();
    }

    @Test
    void specMethodThatTheSnapshotApiWouldOverrideFinallyIsRejected() {
        JavaFileObject spec = withFields("""
                    public final Snapshot snapshot() { return null; }
                """);
        Compilation compilation = compileSpec(spec);
        assertOnlyErrorAt(compilation, spec, "public final Snapshot snapshot()",
                "[FsmReservedName] spec method snapshot() clashes with the method snapshot() that"
                        + " the generated machine defines (returning Snapshot): it is final");
    }
}
