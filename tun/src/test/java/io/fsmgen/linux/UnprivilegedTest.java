package io.fsmgen.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without root, every entry point says that it needs root, and why, instead of failing with a bare errno: the
 * probe runs in a child JVM as user nobody (through {@code setpriv}), so this needs root to run, and Linux.
 */
class UnprivilegedTest {

    @Test
    void withoutRootEachEntryPointNamesTheMissingPrivilege() throws IOException, URISyntaxException {
        assumeTrue(LinuxNative.problem().isEmpty(), () -> "skipped: " + LinuxNative.problem().orElseThrow());
        assumeTrue(Capabilities.effective(Capabilities.CAP_SYS_ADMIN).orElse(false),
                "skipped: switching to user nobody needs root");
        String classpath = String.join(File.pathSeparator, location(UnprivilegedProbe.class),
                location(TunDevice.class), location(KernelSocketEntry.class));
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

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
