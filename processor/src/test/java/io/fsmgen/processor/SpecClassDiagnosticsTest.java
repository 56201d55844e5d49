package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.EVENTS;
import static io.fsmgen.processor.Fixtures.STATES;
import static io.fsmgen.processor.Fixtures.assertOnlyErrorAt;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The spec class itself and the {@code @StateMachine} attributes: a class the machine cannot extend, generated names
 * that are invalid or collide, missing attributes, empty enums and primitive payloads.
 */
class SpecClassDiagnosticsTest {

    /** A complete, warning-free table, so that only the class-level problem under test is reported. */
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

    private static JavaFileObject specFile(String name, String members, String declaration) {
        return source(name, "package test;\n\nimport io.fsmgen.*;\n\n@StateMachine(\n" + members + ")\n"
                + declaration);
    }

    private static Compilation compileWithEnums(JavaFileObject... specs) {
        JavaFileObject[] all = new JavaFileObject[specs.length + 2];
        System.arraycopy(specs, 0, all, 0, specs.length);
        all[specs.length] = STATES;
        all[specs.length + 1] = EVENTS;
        return compile(all);
    }

    @Test
    void finalSpec() {
        JavaFileObject spec = specFile("M", TABLE, "final class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, spec, "final class M",
                "[FsmFinalSpec] spec M is final, but the generated machine extends it; remove"
                        + " final (make it abstract to keep it from being used directly)");
    }

    @Test
    void specWithOnlyPrivateConstructors() {
        JavaFileObject spec = specFile("M", TABLE, """
                abstract class M {
                    private M() {}
                    private M(int unused) {}
                }
                """);
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmNoConstructor] spec M has no accessible constructor; the generated machine"
                        + " mirrors the spec's non-private constructors, so declare one that is not private");
    }

    @Test
    void nonPrivateConstructorsAreMirrored() {
        JavaFileObject spec = specFile("M", TABLE, """
                abstract class M {
                    private M() {}
                    protected M(String name) {}
                }
                """);
        Compilation compilation = compileWithEnums(spec);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine").contentsAsUtf8String()
                .contains("MMachine(String name)");
    }

    @Test
    void specOnAnInterface() {
        JavaFileObject spec = specFile("M", TABLE, "interface M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmSpecKind] @StateMachine goes on a class that the machine can extend; M is an"
                        + " interface");
    }

    @Test
    void specOnARecord() {
        JavaFileObject spec = specFile("M", TABLE, "record M() {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmSpecKind] @StateMachine goes on a class that the machine can extend; M is a"
                        + " record");
    }

    @Test
    void specOnAnInnerClass() {
        JavaFileObject outer = source("Outer", """
                package test;

                import io.fsmgen.*;

                class Outer {
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
                    abstract class Inner {}
                }
                """);
        Compilation compilation = compileWithEnums(outer);
        assertOnlyErrorAt(compilation, outer, "@StateMachine(",
                "[FsmInnerSpec] spec Inner is an inner class; make it static so that the"
                        + " generated top-level machine can extend it");
    }

    @Test
    void staticNestedSpecIsFine() {
        JavaFileObject outer = source("Outer", """
                package test;

                import io.fsmgen.*;

                class Outer {
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
                    abstract static class Nested {}
                }
                """);
        Compilation compilation = compileWithEnums(outer);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.NestedMachine");
    }

    @Test
    void privateNestedSpec() {
        JavaFileObject outer = source("Outer", """
                package test;

                import io.fsmgen.*;

                class Outer {
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
                    private abstract static class Hidden {}
                }
                """);
        Compilation compilation = compileWithEnums(outer);
        // Only this: the implicit constructor of a private class is private too, but that is no second error.
        assertOnlyErrorAt(compilation, outer, "@StateMachine(",
                "[FsmPrivateSpec] spec Hidden is private; the generated machine, a top-level"
                        + " class, cannot extend it");
    }

    @Test
    void genericSpec() {
        JavaFileObject spec = specFile("M", TABLE, "abstract class M<T> {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmGenericSpec] spec M has type parameters; a spec must not be generic");
    }

    @Test
    void invalidGeneratedName() {
        JavaFileObject spec = specFile("M", """
                        name =
                            "Door-Machine",
                """ + TABLE, "abstract class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "\"Door-Machine\"",
                "[FsmInvalidName] 'Door-Machine' is not a valid Java class name");
    }

    @Test
    void keywordAsGeneratedName() {
        JavaFileObject spec = specFile("M", """
                        name =
                            "switch",
                """ + TABLE, "abstract class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "\"switch\"",
                "[FsmInvalidName] 'switch' is not a valid Java class name");
    }

    @Test
    void twoSpecsClaimingTheSameGeneratedName() {
        JavaFileObject first = specFile("A", """
                        name = "Shared",
                """ + TABLE, "abstract class A {}\n");
        JavaFileObject second = specFile("B", """
                        name = "Shared",
                """ + TABLE, "abstract class B {}\n");
        Compilation compilation = compileWithEnums(first, second);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, second, "name = \"Shared\"",
                "[FsmNameCollision] generated class test.Shared is already the machine of test.A;"
                        + " give one of them another name = \"...\"");
    }

    @Test
    void explicitNameCollidingWithADefaultName() {
        JavaFileObject door = specFile("Door", TABLE, "abstract class Door {}\n");
        JavaFileObject other = specFile("Other", """
                        name = "DoorMachine",
                """ + TABLE, "abstract class Other {}\n");
        Compilation compilation = compileWithEnums(door, other);
        assertOnlyErrorAt(compilation, other, "name = \"DoorMachine\"",
                "[FsmNameCollision] generated class test.DoorMachine is already the machine of"
                        + " test.Door");
    }

    @Test
    void generatedNameCollidingWithAHandWrittenClass() {
        JavaFileObject spec = specFile("M", TABLE, "abstract class M {}\n");
        JavaFileObject existing = source("MMachine", """
                package test;

                class MMachine {}
                """);
        Compilation compilation = compileWithEnums(spec, existing);
        assertThat(compilation).failed();
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmNameCollision] cannot generate test.MMachine: a type of that name already"
                        + " exists in this compilation; give the machine another name = \"...\"");
    }

    @Test
    void missingStates() {
        JavaFileObject spec = specFile("M", """
                        events = E.class,
                        initial = "IDLE"
                """, "abstract class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmMissingAttribute] states is required: name the enum of states");
    }

    @Test
    void missingEvents() {
        JavaFileObject spec = specFile("M", """
                        states = S.class,
                        initial = "IDLE"
                """, "abstract class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmMissingAttribute] events is required: name the enum of events");
    }

    @Test
    void missingInitial() {
        JavaFileObject spec = specFile("M", """
                        states = S.class,
                        events = E.class,
                        transitions = @Transition(from = "IDLE", on = "START", to = "RUNNING")
                """, "abstract class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(",
                "[FsmMissingAttribute] initial is required: name the state a new machine starts"
                        + " in");
    }

    @Test
    void emptyStateEnum() {
        JavaFileObject spec = specFile("M", """
                        states =
                            M.Nothing.class,
                        events = E.class,
                        initial = "IDLE"
                """, """
                abstract class M {
                    enum Nothing {}
                }
                """);
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "M.Nothing.class",
                "[FsmEmptyEnum] states enum Nothing has no constants");
    }

    @Test
    void emptyEventEnum() {
        JavaFileObject spec = specFile("M", """
                        states = S.class,
                        events =
                            M.Nothing.class,
                        initial = "IDLE"
                """, """
                abstract class M {
                    enum Nothing {}
                }
                """);
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "M.Nothing.class",
                "[FsmEmptyEnum] events enum Nothing has no constants");
    }

    @Test
    void primitivePayload() {
        JavaFileObject spec = specFile("M", """
                        payload =
                            int.class,
                """ + TABLE, "abstract class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "int.class",
                "[FsmPrimitivePayload] payload must be a class or interface type, but is int;"
                        + " use its wrapper class");
    }

    @Test
    void voidPayload() {
        JavaFileObject spec = specFile("M", """
                        payload =
                            void.class,
                """ + TABLE, "abstract class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "void.class",
                "[FsmPrimitivePayload] payload must be a class or interface type, but is void");
    }

    @Test
    void genericPayloadClassGeneratesLintCleanCode() {
        JavaFileObject spec = specFile("M", """
                        payload = java.util.List.class,
                """ + TABLE.replace("to = \"RUNNING\")", "to = \"RUNNING\", action = \"take\")"), """
                abstract class M {
                    void take(java.util.List<?> items) {}
                }
                """);
        Compilation compilation = compileWithEnums(spec);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine").contentsAsUtf8String()
                .contains("List<?> payload");
    }

    @Test
    void generatedNameEqualToTheSpecItself() {
        JavaFileObject spec = specFile("M", """
                        name = "M",
                """ + TABLE, "abstract class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "name = \"M\"",
                "[FsmNameCollision] generated class test.M would have the spec's own name; the"
                        + " machine extends the spec, so give it another name");
    }

    @Test
    void stateEnumTheGeneratedMachineCannotAccess() {
        JavaFileObject outer = source("Outer", """
                package test;

                import io.fsmgen.*;

                class Outer {
                    @StateMachine(
                            states =
                                M.St.class,
                            events = E.class,
                            initial = "A",
                            finalStates = "B",
                            transitions = @Transition(from = "A", on = {"START", "STOP", "RESET"}, to = "B"))
                    abstract static class M {
                        private enum St { A, B }
                    }
                }
                """);
        Compilation compilation = compileWithEnums(outer);
        assertOnlyErrorAt(compilation, outer, "M.St.class",
                "[FsmInaccessibleType] states type test.Outer.M.St is private, so the generated"
                        + " machine, a top-level class in test, cannot use it");
    }

    @Test
    void specMethodNamedLikeAGeneratedHelper() {
        JavaFileObject spec = specFile("M", TABLE.replace("to = \"RUNNING\")", "to = \"RUNNING\", action = \"unhandled\")"),
                """
                abstract class M {
                    void unhandled(E event) {}
                }
                """);
        assertThat(compileWithEnums(spec)).succeededWithoutWarnings();
    }

    @Test
    void payloadTypeTheGeneratedMachineCannotAccess() {
        JavaFileObject outer = source("Outer", """
                package test;

                import io.fsmgen.*;

                class Outer {
                    @StateMachine(
                            states = S.class,
                            events = E.class,
                            initial = "IDLE",
                            finalStates = "DONE",
                            payload =
                                M.Secret.class,
                            transitions = {
                                @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                                @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                @Transition(from = "*", on = "RESET", to = "IDLE"),
                            })
                    abstract static class M {
                        private static final class Secret {}
                    }
                }
                """);
        Compilation compilation = compileWithEnums(outer);
        assertOnlyErrorAt(compilation, outer, "M.Secret.class",
                "[FsmInaccessibleType] payload type test.Outer.M.Secret is private, so the"
                        + " generated machine, a top-level class in test, cannot use it");
    }

    @Test
    void arrayPayloadIsRejected() {
        JavaFileObject spec = specFile("M", """
                        payload =
                            String[].class,
                """ + TABLE, "abstract class M {}\n");
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "String[].class",
                "[FsmPrimitivePayload] payload must be a class or interface type, but is"
                        + " java.lang.String[]");
    }

    @Test
    void abstractMethodTheMachineCannotImplement() {
        JavaFileObject spec = specFile("M", TABLE, """
                abstract class M {
                    abstract void log(String line);
                }
                """);
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "abstract void log(String line);",
                "[FsmAbstractMethod]");
    }

    /**
     * A package-private abstract method of a superclass in another package is not inherited, so it is no member of
     * the spec; the machine still had to implement it, and failed to compile. Reported on the spec, naming it.
     */
    @Test
    void packagePrivateAbstractMethodOfASuperclassInAnotherPackage() {
        JavaFileObject spec = specFile("M", TABLE, "public abstract class M extends other.Base {}\n");
        JavaFileObject base = Fixtures.qualified("other.Base",
                "package other;\n\npublic abstract class Base {\n    abstract void helper();\n}\n");
        Compilation compilation = compileWithEnums(spec, base);
        assertOnlyErrorAt(compilation, spec, "@StateMachine(", "[FsmAbstractMethod] machine MMachine, inherited"
                + " Base.helper(): spec method helper() is abstract and package-private in other: only a class of"
                + " other can implement it, and the generated machine, in test, cannot");
    }

    @Test
    void packagePrivateAbstractMethodImplementedInItsPackageIsFine() {
        JavaFileObject spec = specFile("M", TABLE, "public abstract class M extends other.Mid {}\n");
        JavaFileObject base = Fixtures.qualified("other.Base",
                "package other;\n\npublic abstract class Base {\n    abstract void helper();\n}\n");
        JavaFileObject mid = Fixtures.qualified("other.Mid",
                "package other;\n\npublic abstract class Mid extends Base {\n    void helper() {}\n}\n");
        assertThat(compileWithEnums(spec, base, mid)).succeededWithoutWarnings();
    }

    @Test
    void specMethodClashingWithTheGeneratedApi() {
        JavaFileObject spec = specFile("M", TABLE, """
                abstract class M {
                    String state() { return "mine"; }
                }
                """);
        Compilation compilation = compileWithEnums(spec);
        assertOnlyErrorAt(compilation, spec, "String state()",
                "state()");
    }

    @Test
    void constructorsWithVarargsThrowsAndGenericParametersAreMirrored() {
        JavaFileObject spec = specFile("M", TABLE, """
                abstract class M {
                    M(String... names) {}
                    protected M(java.util.List<String> names, int size) throws Exception {}
                }
                """);
        Compilation compilation = compileWithEnums(spec);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine").contentsAsUtf8String()
                .contains("MMachine(String... names)");
    }

    @Test
    void genericConstructorIsMirroredWithItsTypeParameters() {
        JavaFileObject spec = specFile("M", TABLE, """
                abstract class M {
                    <T extends Number> M(T value) {}
                }
                """);
        assertThat(compileWithEnums(spec)).succeededWithoutWarnings();
    }

    @Test
    void deprecatedSpecGeneratesNoDeprecationWarnings() {
        JavaFileObject spec = specFile("M", TABLE.replace("to = \"RUNNING\")", "to = \"RUNNING\", action = \"old\")"),
                """
                @Deprecated
                abstract class M {
                    @Deprecated
                    void old() {}
                }
                """);
        assertThat(compileWithEnums(spec)).succeededWithoutWarnings();
    }

    @Test
    void serializableSpecGeneratesNoSerialWarning() {
        JavaFileObject spec = specFile("M", TABLE, """
                abstract class M implements java.io.Serializable {
                    private static final long serialVersionUID = 1L;
                }
                """);
        assertThat(compileWithEnums(spec)).succeededWithoutWarnings();
    }
}
