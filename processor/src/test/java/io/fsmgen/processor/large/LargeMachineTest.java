package io.fsmgen.processor.large;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.fsmgen.Machine;
import io.fsmgen.processor.StateMachineProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Large machines must compile (generated methods stay far below the JVM's 64 KB limit) and dispatch exactly as
 * their table says. The spec is written by the test, compiled in-process, loaded, and driven with random events
 * against an independent model of the same table.
 */
class LargeMachineTest {

    @Test
    void machineWith200StatesAnd50EventsCompilesAndDispatchesCorrectly() throws Exception {
        checkMachine(200, 50, 40_000);
    }

    @Test
    void machineWithManyEventsPerStateSplitsItsStateMethods() throws Exception {
        checkMachine(6, 300, 20_000);
    }

    private static void checkMachine(int states, int events, int steps) throws Exception {
        String name = "Big" + states + "x" + events;
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big." + name, spec(name, states, events)));
        assertThat(compilation).succeeded();

        ClassLoader loader = new CompiledClassLoader(compilation, LargeMachineTest.class.getClassLoader());
        Class<?> machineClass = loader.loadClass("big." + name + "Machine");
        @SuppressWarnings("unchecked")
        Machine<StateStandIn, EventStandIn> machine =
                (Machine<StateStandIn, EventStandIn>) machineClass.getConstructor().newInstance();
        Object[] eventConstants = loader.loadClass("big." + name + "$Event").getEnumConstants();
        Object[] stateConstants = loader.loadClass("big." + name + "$State").getEnumConstants();
        java.lang.reflect.Method fire = machineClass.getMethod("fire", eventConstants[0].getClass());
        java.lang.reflect.Field parity = machineClass.getSuperclass().getDeclaredField("odd");
        parity.setAccessible(true);

        SplittableRandom random = new SplittableRandom(20261123);
        int expected = 0;
        for (int step = 0; step < steps; step++) {
            int event = random.nextInt(events);
            boolean odd = random.nextBoolean();
            parity.setBoolean(machine, odd);
            boolean handled = (boolean) fire.invoke(machine, eventConstants[event]);
            assertTrue(handled, "every cell has a fallback row");
            expected = next(expected, event, odd, states);
            assertEquals(stateConstants[expected], machine.state(), "after step " + step + " (event E" + event + ")");
        }
    }

    /** The table, independently of the generated code: where event {@code e} leads from state {@code s}. */
    private static int next(int s, int e, boolean odd, int states) {
        if (e % 5 == 0 && odd) {
            return (s + 1) % states;
        }
        if (e % 7 == 3) {
            return s; // internal transition
        }
        return (s * 31 + e * 17 + 1) % states;
    }

    private static String spec(String name, int states, int events) {
        StringBuilder source = new StringBuilder();
        source.append("package big;\n\nimport io.fsmgen.*;\n\n@SuppressWarnings(\"fsmgen\")\n")
                .append("@StateMachine(states = ").append(name).append(".State.class, events = ").append(name)
                .append(".Event.class, initial = \"S0\", unhandled = Unhandled.THROW, complete = true,")
                .append(" transitions = {\n");
        for (int s = 0; s < states; s++) {
            for (int e = 0; e < events; e++) {
                if (e % 5 == 0) {
                    source.append("  @Transition(from = \"S").append(s).append("\", on = \"E").append(e)
                            .append("\", guard = \"odd\", to = \"S").append((s + 1) % states).append("\"),\n");
                }
                source.append("  @Transition(from = \"S").append(s).append("\", on = \"E").append(e).append('"');
                if (e % 7 == 3) {
                    source.append(", action = \"count\"),\n");
                } else {
                    source.append(", to = \"S").append((s * 31 + e * 17 + 1) % states).append("\"),\n");
                }
            }
        }
        source.append("})\nabstract class ").append(name).append(" {\n  enum State {");
        for (int s = 0; s < states; s++) {
            source.append(s == 0 ? " S" : ", S").append(s);
        }
        source.append(" }\n  enum Event {");
        for (int e = 0; e < events; e++) {
            source.append(e == 0 ? " E" : ", E").append(e);
        }
        source.append(" }\n  boolean odd;\n  int count;\n  boolean odd() { return odd; }\n")
                .append("  void count() { count++; }\n}\n");
        return source.toString();
    }

    /** Stand-ins for the enums that exist only inside the compiled test spec. */
    private enum StateStandIn {}

    private enum EventStandIn {}

    /** Loads the classes compile-testing produced in memory; everything else comes from the test's loader. */
    private static final class CompiledClassLoader extends ClassLoader {
        private final Map<String, JavaFileObject> classes = new HashMap<>();

        CompiledClassLoader(Compilation compilation, ClassLoader parent) {
            super(parent);
            for (JavaFileObject file : compilation.generatedFiles()) {
                if (file.getKind() == JavaFileObject.Kind.CLASS) {
                    String path = file.toUri().getPath();
                    String binaryName = path.substring(path.indexOf("/big/") + 1, path.length() - 6).replace('/', '.');
                    classes.put(binaryName, file);
                }
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            JavaFileObject file = classes.get(name);
            if (file == null) {
                throw new ClassNotFoundException(name);
            }
            try (InputStream in = file.openInputStream()) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
