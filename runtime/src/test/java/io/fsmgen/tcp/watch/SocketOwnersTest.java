package io.fsmgen.tcp.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Owners found through the kernel's table and {@code /proc/<pid>/fd}, for sockets this JVM holds. */
class SocketOwnersTest {

    static final long SELF = ProcessHandle.current().pid();

    static String command() throws Exception {
        return Files.readString(Path.of("/proc/self/comm")).trim();
    }

    @Test
    void aSocketOfThisJvmIsAttributedToItsPidAndCommand() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            InetSocketAddress local = (InetSocketAddress) client.getLocalAddress();
            InetSocketAddress remote = (InetSocketAddress) client.getRemoteAddress();
            SocketOwners owners = new SocketOwners();
            long before = System.nanoTime();
            assertTrue(owners.refreshIfOlderThan(before), "a first refresh is always taken");
            assertEquals(Optional.of(new SocketOwner(SELF, command())), owners.owner(local, remote));
            assertEquals(Optional.of(new SocketOwner(SELF, command())), owners.owner(remote, local),
                    "the accepted end too");
            assertEquals(Optional.of(new SocketOwner(SELF, command())),
                    owners.owner((InetSocketAddress) server.getLocalAddress(), new InetSocketAddress("0.0.0.0", 0)),
                    "the listener");
            assertFalse(owners.refreshIfOlderThan(before), "a snapshot taken after a time serves it");
        }
    }

    @Test
    void ownersOfOneProcessOnlyLeaveOthersUnknown() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            InetSocketAddress local = (InetSocketAddress) client.getLocalAddress();
            InetSocketAddress remote = (InetSocketAddress) client.getRemoteAddress();
            SocketOwners mine = new SocketOwners(OptionalLong.of(SELF));
            mine.refresh();
            assertEquals(Optional.of(new SocketOwner(SELF, command())), mine.owner(local, remote));
            long init = 1;
            SocketOwners others = new SocketOwners(OptionalLong.of(init));
            others.refresh();
            assertEquals(Optional.empty(), others.owner(local, remote));
        }
    }
}
