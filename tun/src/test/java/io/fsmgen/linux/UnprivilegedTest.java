package io.fsmgen.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Without root, every entry point says that it needs root, and why, instead of failing with a bare errno: the
 * probe runs in a child JVM as user nobody (through {@code setpriv}), so this needs root to run, and Linux. The
 * child's classes are copied to a directory that nobody may read, since the build's own may sit in a private one.
 */
class UnprivilegedTest {

    @Test
    void withoutRootEachEntryPointNamesTheMissingPrivilege() throws IOException, URISyntaxException {
        assumeTrue(LinuxNative.problem().isEmpty(), () -> "skipped: " + LinuxNative.problem().orElseThrow());
        assumeTrue(Capabilities.effective(Capabilities.CAP_SYS_ADMIN).orElse(false),
                "skipped: switching to user nobody needs root");
        Path readable = Files.createTempDirectory("fsmgen-unprivileged-");
        try {
            List<String> roots = new ArrayList<>();
            for (Class<?> type : List.of(UnprivilegedProbe.class, TunDevice.class, KernelSocketEntry.class)) {
                Path copy = readable.resolve(Integer.toString(roots.size()));
                copyReadable(location(type), copy);
                roots.add(copy.toString());
            }
            Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertProbeSays(String.join(File.pathSeparator, roots));
        } finally {
            deleteTree(readable);
        }
    }

    private static void assertProbeSays(String classpath) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String output = Command.run(Duration.ofSeconds(60), List.of("setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--inh-caps=-all", "--", java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                UnprivilegedProbe.class.getName()));
        String tun = "a TUN device needs root (CAP_NET_ADMIN); this process runs without it";
        String netns = "a network namespace needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN); this process runs"
                + " without it";
        assertEquals(String.join("\n",
                "tun: " + tun,
                "netns: " + netns,
                "open: LinuxUnavailableException: cannot open TUN device fsmtprobe: " + tun,
                "create: LinuxUnavailableException: " + netns) + "\n", output);
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Copies the class directory {@code from} to {@code to}, every directory 755 and every file 644. */
    private static void copyReadable(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(path, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
