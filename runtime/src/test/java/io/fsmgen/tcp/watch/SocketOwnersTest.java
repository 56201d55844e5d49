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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Owners found through the kernel's table and {@code /proc/<pid>/fd}, for a connection this JVM holds (a child
 * process's is in {@code WatchCommandTest}, through the command).
 */
class SocketOwnersTest {

    static final long SELF = ProcessHandle.current().pid();

    ServerSocketChannel server;
    SocketChannel client;
    SocketChannel accepted;
    InetSocketAddress local;
    InetSocketAddress remote;
    Optional<SocketOwner> self;

    @BeforeEach
    void connect() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
        local = (InetSocketAddress) client.getLocalAddress();
        remote = (InetSocketAddress) client.getRemoteAddress();
        self = Optional.of(new SocketOwner(SELF, Files.readString(Path.of("/proc/self/comm")).trim()));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {accepted, client, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aSocketOfThisJvmIsAttributedToItsPidAndCommand() {
        SocketOwners owners = new SocketOwners();
        long before = System.nanoTime();
        assertTrue(owners.refreshIfOlderThan(before), "a first refresh is always taken");
        assertEquals(self, owners.owner(local, remote));
        assertEquals(self, owners.owner(remote, local), "the accepted end too");
        assertEquals(self, owners.owner((InetSocketAddress) server.socket().getLocalSocketAddress(),
                new InetSocketAddress("0.0.0.0", 0)), "the listener");
        assertFalse(owners.refreshIfOlderThan(before), "a snapshot taken after a time serves it");
    }

    @Test
    void ownersOfOneProcessOnlyLeaveOthersUnknown() {
        SocketOwners mine = new SocketOwners(OptionalLong.of(SELF));
        mine.refresh();
        assertEquals(self, mine.owner(local, remote));
        SocketOwners init = new SocketOwners(OptionalLong.of(1));
        init.refresh();
        assertEquals(Optional.empty(), init.owner(local, remote));
    }
}
