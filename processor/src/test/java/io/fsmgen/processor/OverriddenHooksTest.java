package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.fsmgen.Machine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hook on an overridden method runs once, the override, also when the override's erasure differs from the
 * overridden method's: a type parameter made concrete, or a covariant return.
 */
class OverriddenHooksTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"generic parameter", "covariant return"})
    void anOverriddenHookRunsOnce(String kind) {
        boolean generic = kind.startsWith("generic");
        String base = generic
                ? """
                package test;

                public abstract class Base<X> {
                    public final java.util.List<String> log = new java.util.ArrayList<>();

                    @io.fsmgen.OnEntry("B")
                    protected void entered(X event) {
                        log.add("base");
                    }
                }
                """
                : """
                package test;

                public abstract class Base {
                    public final java.util.List<String> log = new java.util.ArrayList<>();

                    @io.fsmgen.OnEntry("B")
                    protected Object entered() {
                        log.add("base");
                        return null;
                    }
                }
                """;
        String override = generic
                ? "    @Override @OnEntry(\"B\") protected void entered(Spec.E event) { log.add(\"spec\"); }\n"
                : "    @Override @OnEntry(\"B\") protected String entered() { log.add(\"spec\"); return \"\"; }\n";
        String spec = "package test;\n\nimport io.fsmgen.*;\n\n"
                + "@StateMachine(states = Spec.S.class, events = Spec.E.class, initial = \"A\", finalStates = \"B\",\n"
                + "        transitions = @Transition(from = \"A\", on = \"GO\", to = \"B\"))\n"
                + "public abstract class Spec extends Base" + (generic ? "<Spec.E>" : "") + " {\n"
                + "    public enum S { A, B }\n    public enum E { GO }\n" + override + "}\n";
        Compilation compilation = Fixtures.javac().compile(Fixtures.qualified("test.Base", base),
                Fixtures.qualified("test.Spec", spec));
        assertThat(compilation).succeeded();
        Loaded loaded = new Loaded(compilation);
        Machine<?, ?> machine = loaded.machine("test.SpecMachine");
        Loaded.fire(machine, loaded.constant("test.Spec$E", "GO"));
        try {
            assertEquals(List.of("spec"), machine.getClass().getField("log").get(machine));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
