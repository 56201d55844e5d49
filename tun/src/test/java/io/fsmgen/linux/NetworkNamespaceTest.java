package io.fsmgen.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The namespace harness against the real kernel: needs root, skipped with the reason without it. */
class NetworkNamespaceTest {

    @BeforeAll
    static void needsRoot() {
        Optional<String> reason = NetworkNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
    }

    @Test
    void createsAUniquelyNamedNamespaceWithLoopbackUpAndDeletesItOnClose() throws IOException {
        NetworkNamespace namespace = NetworkNamespace.create("harness");
        String name = namespace.name();
        try {
            assertTrue(name.matches("fsmgen-harness-" + ProcessHandle.current().pid() + "-[0-9a-f]{6}"), name);
            assertTrue(Command.run("ip", "netns", "list").contains(name));
            assertTrue(namespace.ip("link", "show", "lo").contains("UP"), "loopback is up");
            try (NetworkNamespace second = NetworkNamespace.create("harness")) {
                assertNotEquals(name, second.name());
            }
        } finally {
            namespace.close();
        }
        assertFalse(Command.run("ip", "netns", "list").contains(name));
        assertFalse(Files.exists(namespace.path()));
        namespace.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> namespace.call(() -> 1));
    }

    @Test
    void socketsOpenedInCallBelongToTheNamespaceAndTheCallerStaysOutside() throws IOException {
        String outside = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        try (NetworkNamespace namespace = NetworkNamespace.create("harness")) {
            String inside = namespace.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"))
                    .toString());
            assertNotEquals(outside, inside);
            assertEquals(outside, Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());

            InetAddress loopback = InetAddress.getLoopbackAddress();
            try (ServerSocketChannel listener = namespace.call(() -> ServerSocketChannel.open()
                    .bind(new InetSocketAddress(loopback, 0)))) {
                int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
                List<KernelSocketEntry> sockets = namespace.tcpSockets();
                assertTrue(sockets.stream().anyMatch(s -> s.state() == KernelTcpState.LISTEN
                        && s.local().getPort() == port), sockets::toString);
                assertEquals("", Command.run("ss", "-tlnH", "sport = :" + port).strip(),
                        "the root namespace has no such listener");
                // A socket made inside connects to the listener inside; used from this thread, outside.
                try (SocketChannel client = namespace.call(SocketChannel::open);
                        SocketChannel served = connect(client, listener, port)) {
                    client.write(ByteBuffer.wrap(new byte[] {42}));
                    ByteBuffer one = ByteBuffer.allocate(1);
                    assertEquals(1, served.read(one));
                    assertEquals(42, one.get(0));
                }
            }
        }
    }

    @Test
    void callPassesOnTheTasksException() throws IOException {
        try (NetworkNamespace namespace = NetworkNamespace.create("harness")) {
            IOException thrown = new IOException("from inside");
            assertSame(thrown, assertThrows(IOException.class, () -> namespace.call(() -> {
                throw thrown;
            })));
            IllegalStateException unchecked = new IllegalStateException("unchecked");
            assertSame(unchecked, assertThrows(IllegalStateException.class, () -> namespace.call(() -> {
                throw unchecked;
            })));
        }
    }

    @Test
    void aFailingCommandNamesItselfAndQuotesItsError() throws IOException {
        try (NetworkNamespace namespace = NetworkNamespace.create("harness")) {
            IOException e = assertThrows(IOException.class, () -> namespace.ip("link", "show", "nosuchdevice"));
            assertTrue(e.getMessage().startsWith("'ip -n " + namespace.name() + " link show nosuchdevice' exited with"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("\"nosuchdevice\" does not exist"), e.getMessage());
            assertEquals("1", namespace.sysctl("net.ipv4.tcp_timestamps"), "stock sysctls");
        }
    }

    @Test
    void namespacesLeftByDeadProcessesAreDeletedAndLiveOnesKept() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        String dead = "fsmgen-leftover-" + finished.pid() + "-0a0b0c";
        String alive = "fsmgen-alive-" + ProcessHandle.current().pid() + "-0a0b0c";
        Command.run("ip", "netns", "add", dead);
        Command.run("ip", "netns", "add", alive);
        try (NetworkNamespace namespace = NetworkNamespace.create("harness")) {
            String list = Command.run("ip", "netns", "list");
            assertFalse(list.contains(dead), list);
            assertTrue(list.contains(alive), list);
        } finally {
            for (String name : List.of(dead, alive)) {
                if (Files.exists(Path.of("/run/netns", name))) {
                    Command.run("ip", "netns", "delete", name);
                }
            }
        }
    }

    @Test
    void aTunDeviceIsCreatedInsideAndDeletedWhenClosed() throws IOException {
        String device = "fsmt" + ProcessHandle.current().pid();
        try (NetworkNamespace namespace = NetworkNamespace.create("harness")) {
            try (TunDevice tun = namespace.openTun(device)) {
                assertEquals(device, tun.name());
                assertTrue(namespace.ip("link", "show", device).contains(device));
                assertThrows(IOException.class, () -> Command.run("ip", "link", "show", device),
                        "not in the root namespace");
                IOException busy = assertThrows(IOException.class, () -> namespace.openTun(device));
                assertTrue(busy.getMessage().contains("Device or resource busy"), busy.getMessage());
            }
            assertThrows(IOException.class, () -> namespace.ip("link", "show", device));
        }
    }

    @Test
    void aVethPairJoinsTwoNamespaces() throws IOException {
        try (NetworkNamespace left = NetworkNamespace.create("harness");
                NetworkNamespace right = NetworkNamespace.create("harness")) {
            left.addVethPair("fsmv-a", right, "fsmv-b");
            left.ip("address", "add", "198.18.1.1/24", "dev", "fsmv-a");
            right.ip("address", "add", "198.18.1.2/24", "dev", "fsmv-b");
            left.ip("link", "set", "fsmv-a", "up");
            right.ip("link", "set", "fsmv-b", "up");
            InetSocketAddress at = new InetSocketAddress(InetAddress.getByName("198.18.1.2"), 7000);
            try (ServerSocketChannel listener = right.call(() -> ServerSocketChannel.open().bind(at));
                    SocketChannel client = left.call(SocketChannel::open);
                    SocketChannel served = connect(client, listener, 7000)) {
                assertEquals(at, client.getRemoteAddress());
                assertEquals(new InetSocketAddress(InetAddress.getByName("198.18.1.1"), client.socket().getLocalPort()),
                        served.getRemoteAddress());
            }
        }
    }

    private static SocketChannel connect(SocketChannel client, ServerSocketChannel listener, int port)
            throws IOException {
        InetSocketAddress local = (InetSocketAddress) listener.getLocalAddress();
        client.connect(new InetSocketAddress(local.getAddress(), port));
        return listener.accept();
    }
}
