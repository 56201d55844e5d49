package io.fsmgen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.Machine;
import io.fsmgen.tcp.TcpMachine;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user on the module path: a named module that {@code requires io.fsmgen} and {@code requires io.fsmgen.tcp}
 * compiles against the built jars and drives a {@link TcpMachine} through a connection's handshake. The names come
 * from each jar's {@code Automatic-Module-Name}; without it the module names would be derived from the file names
 * ({@code fsmgen.api}, with the version stripped), which change with a rename and are not what the README says.
 *
 * <p>It needs the packaged jars, so it runs under {@code mvn verify} (where the reactor hands this module the jars)
 * and is skipped by a {@code mvn test} that only has the modules' class directories.
 */
class ModulePathTest {

    private static final String MODULE_INFO = """
            module demo.app {
                requires io.fsmgen;
                requires io.fsmgen.tcp;
            }
            """;

    private static final String MAIN = """
            package demo.app;

            import io.fsmgen.tcp.TcpEffects;
            import io.fsmgen.tcp.TcpEvent;
            import io.fsmgen.tcp.TcpMachine;
            import io.fsmgen.tcp.TcpSegment;

            public class Main {
                public static void main(String[] args) {
                    StringBuilder sent = new StringBuilder();
                    io.fsmgen.Machine<?, TcpEvent> machine = new TcpMachine(new TcpEffects() {
                        @Override
                        public void send(TcpSegment segment) {
                            sent.append(segment).append(' ');
                        }
                    }, io.fsmgen.Scheduler.none());
                    machine.fire(TcpEvent.ACTIVE_OPEN);
                    machine.fire(TcpEvent.RCV_SYN_ACK);
                    System.out.println(machine.state() + " after sending " + sent.toString().trim());
                }
            }
            """;

    @Test
    void aNamedModuleRequiresTheApiAndTheRuntime(@TempDir Path dir) throws Exception {
        Path api = jarOf(Machine.class);
        Path runtime = jarOf(TcpMachine.class);
        assertEquals("io.fsmgen", automaticModuleName(api), api + "'s Automatic-Module-Name");
        assertEquals("io.fsmgen.tcp", automaticModuleName(runtime), runtime + "'s Automatic-Module-Name");

        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("demo/app"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("demo/app/Main.java"), MAIN);
        Path classes = dir.resolve("classes");
        String modulePath = api + File.pathSeparator + runtime;
        StringWriter diagnostics = new StringWriter();
        int rc = ToolProvider.findFirst("javac").orElseThrow().run(new PrintWriter(diagnostics),
                new PrintWriter(diagnostics), "--module-path", modulePath, "-d", classes.toString(),
                src.resolve("module-info.java").toString(), src.resolve("demo/app/Main.java").toString());
        assertEquals(0, rc, () -> "javac on the module path failed:\n" + diagnostics);

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process run = new ProcessBuilder(java.toString(), "--module-path",
                classes + File.pathSeparator + modulePath, "-m", "demo.app/demo.app.Main")
                .redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(true, run.waitFor(60, TimeUnit.SECONDS), "the module did not exit");
        assertEquals(0, run.exitValue(), () -> "the module failed:\n" + out);
        assertEquals("ESTABLISHED after sending SYN ACK", out);
    }

    /** The jar {@code type} was loaded from; the test is skipped when it came from a class directory. */
    private static Path jarOf(Class<?> type) throws Exception {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isRegularFile(location), () -> type.getName() + " comes from " + location
                + ", not a jar: run under mvn verify");
        return location;
    }

    private static String automaticModuleName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        }
    }
}
