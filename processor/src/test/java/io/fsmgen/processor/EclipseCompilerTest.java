package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import io.fsmgen.Machine;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor under the Eclipse compiler (ecj: Eclipse's builder, and Gradle or Maven set to use it), whose
 * {@code javax.lang.model} differs from javac's where the specification leaves room: ecj's {@code Types} refuses a
 * method's own (executable) type where javac accepts it. A spec with every kind of hook compiles there and its
 * machine runs as under javac. Files on disk, not compile-testing's: ecj refuses its in-memory URIs.
 */
class EclipseCompilerTest {

    private static final String SPEC = """
            package test;

            import io.fsmgen.*;
            import java.time.Duration;

            @StateMachine(
                    states = S.class, events = E.class, initial = "IDLE", finalStates = "DONE",
                    transitions = {
                        @Transition(from = "IDLE", on = "START", action = "go", to = "RUNNING"),
                        @Transition(from = "RUNNING", on = {"STOP", "RESET"}, to = "DONE"),
                    })
            public abstract class M {
                private final StringBuilder log = new StringBuilder();

                public String log() { return log.toString(); }

                void go(E event) { log.append("go ").append(event).append(", "); }

                @OnEntry("RUNNING") void started() { log.append("enter RUNNING, "); }

                @OnExit("RUNNING") void stopped() { log.append("exit RUNNING"); }

                @OnError void failed() {}

                @Timeout(state = "RUNNING", fire = "STOP") Duration limit() { return null; }

                Scheduler scheduler() { return Scheduler.none(); }
            }
            """;

    @Test
    void test_specWithHooks_compilesAndRunsUnderEcj(@TempDir Path dir) throws Exception {
        Path sources = write(dir.resolve("src/test"), "M.java", SPEC);
        write(sources, "S.java", "package test;\n\npublic enum S { IDLE, RUNNING, DONE }\n");
        write(sources, "E.java", "package test;\n\npublic enum E { START, STOP, RESET }\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));

        JavaCompiler ecj = new EclipseCompiler();
        StringWriter output = new StringWriter();
        try (StandardJavaFileManager files = ecj.getStandardFileManager(null, Locale.ROOT, null);
                var paths = Files.list(sources)) {
            JavaCompiler.CompilationTask task = ecj.getTask(output, files, null,
                    List.of("-17", "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
                            "-s", Files.createDirectories(dir.resolve("generated")).toString()),
                    null, files.getJavaFileObjectsFromPaths(paths.toList()));
            task.setProcessors(List.of(new StateMachineProcessor()));
            assertWithMessage("ecj's output:%n%s", output).that(task.call()).isTrue();
        }
        assertWithMessage("ecj's output").that(output.toString()).doesNotContain("ERROR");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                EclipseCompilerTest.class.getClassLoader())) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Machine<?, ?> machine = (Machine) loader.loadClass("test.MMachine").getDeclaredConstructor().newInstance();
            assertThat(Loaded.fire(machine, constant(loader, "test.E", "START"))).isTrue();
            assertThat(Loaded.fire(machine, constant(loader, "test.E", "STOP"))).isTrue();
            assertThat(machine.state()).isEqualTo(constant(loader, "test.S", "DONE"));
            assertThat(Loaded.call(machine, "log")).isEqualTo("go START, enter RUNNING, exit RUNNING");
        }
    }

    private static Path write(Path directory, String name, String text) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(name), text);
        return directory;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Enum<?> constant(ClassLoader loader, String type, String name) throws ClassNotFoundException {
        return Enum.valueOf((Class) loader.loadClass(type), name);
    }
}
