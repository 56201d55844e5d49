package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transitions NIO cannot see, made slow enough to watch: a FIN queued behind data the peer has
 * not read keeps the sender in FIN_WAIT_1, LAST_ACK or CLOSING until the peer drains it. Small
 * socket buffers bound the data to a few tens of kilobytes. Linux only, IPv4 loopback.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KernelTcpHiddenTransitionsTest {

    private static final int BUFFER = 16 * 1024;
    /** Tens of seconds: a bound, never a pace (the table is read again at each kernel event). */
    private static final long WAIT_MS = 30_000;

    private final KernelTcpTable table = new KernelTcpTable();

    @BeforeEach
    void linuxOnly() {
        assumeTrue(table.isAvailable(), "no /proc/net/tcp: not Linux");
    }

    /** Two connected non-blocking channels with small buffers, and their tuples. */
    private static final class Pair implements AutoCloseable {
        final ServerSocketChannel server;
        final SocketChannel client;
        final SocketChannel accepted;
        final InetSocketAddress cl;
        final InetSocketAddress cr;
        final InetSocketAddress al;
        final InetSocketAddress ar;

        Pair() throws IOException {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER);
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
            client = SocketChannel.open();
            client.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER);
            client.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER);
            client.connect(server.getLocalAddress());
            accepted = server.accept();
            accepted.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER);
            client.configureBlocking(false);
            accepted.configureBlocking(false);
            cl = (InetSocketAddress) client.getLocalAddress();
            cr = (InetSocketAddress) client.getRemoteAddress();
            al = (InetSocketAddress) accepted.getLocalAddress();
            ar = (InetSocketAddress) accepted.getRemoteAddress();
        }

        @Override
        public void close() throws IOException {
            try (server; client; accepted) {
                // all three
            }
        }
    }

    @Test
    void finWait1ThenFinWait2WhenThePeerDrains() throws IOException {
        try (Pair p = new Pair()) {
            long sent = fill(p.client, p.accepted);
            p.client.shutdownOutput();
            KernelSocketEntry fw1 = await(p, p.cl, p.cr, KernelTcpState.FIN_WAIT1);
            assertTrue(fw1.txQueue() > 0, () -> "FIN queued behind unacknowledged data: " + fw1);
            assertFalse(fw1.orphanOrMinisocket());

            assertEquals(sent, drain(p.accepted), "every byte, then end of stream");
            await(p, p.cl, p.cr, KernelTcpState.FIN_WAIT2);
            await(p, p.al, p.ar, KernelTcpState.CLOSE_WAIT);
        }
    }

    @Test
    void orphanedFinWait1AfterCloseIsFoundByTuple() throws IOException {
        try (Pair p = new Pair()) {
            long sent = fill(p.client, p.accepted);
            p.client.close();
            KernelSocketEntry fw1 = await(p, p.cl, p.cr, KernelTcpState.FIN_WAIT1);
            assertTrue(fw1.orphanOrMinisocket(), () -> "closed channel, kernel still sending: " + fw1);
            assertFalse(fw1.timewaitMinisocket());

            assertEquals(sent, drain(p.accepted));
            await(p, p.cl, p.cr, KernelTcpState.FIN_WAIT2);
            p.accepted.close();
            await(p, p.cl, p.cr, KernelTcpState.TIME_WAIT);
        }
    }

    @Test
    void lastAckThenClosedWhenThePeerDrains() throws IOException {
        try (Pair p = new Pair()) {
            p.client.shutdownOutput();
            assertEquals(0, drain(p.accepted));
            await(p, p.cl, p.cr, KernelTcpState.FIN_WAIT2);

            long sent = fill(p.accepted, p.client);
            p.accepted.close();
            KernelSocketEntry la = await(p, p.al, p.ar, KernelTcpState.LAST_ACK);
            assertTrue(la.orphanOrMinisocket());
            assertTrue(la.txQueue() > 0);

            assertEquals(sent, drain(p.client));
            awaitGone(p, p.al, p.ar);
            await(p, p.cl, p.cr, KernelTcpState.TIME_WAIT);
        }
    }

    @Test
    void simultaneousCloseGoesThroughClosing() throws IOException {
        try (Pair p = new Pair()) {
            long toServer = fill(p.client, p.accepted);
            long toClient = fill(p.accepted, p.client);
            p.client.shutdownOutput();
            p.accepted.shutdownOutput();
            await(p, p.cl, p.cr, KernelTcpState.FIN_WAIT1);
            await(p, p.al, p.ar, KernelTcpState.FIN_WAIT1);

            assertEquals(toClient, drain(p.client));
            await(p, p.cl, p.cr, KernelTcpState.CLOSING);
            await(p, p.al, p.ar, KernelTcpState.FIN_WAIT2);

            assertEquals(toServer, drain(p.accepted));
            await(p, p.cl, p.cr, KernelTcpState.TIME_WAIT);
            await(p, p.al, p.ar, KernelTcpState.TIME_WAIT);
        }
    }

    // ----------------------------------------------------------------------------------------

    /**
     * Writes from {@code ch} until some of the data must still sit unacknowledged in its send queue, so that a FIN
     * queued next waits behind it; returns the bytes written. The bound is the receiver's whole receive buffer: a
     * peer that does not read can hold no more payload than its {@code sk_rcvbuf}, which the kernel sets to twice
     * the {@code SO_RCVBUF} asked for, and which the JDK on Linux reports halved, as asked. When the send buffer is
     * full it waits in a selector for room, so the pace is the kernel's; {@link #WAIT_MS} only bounds a test that
     * would hang.
     */
    private static long fill(SocketChannel ch, SocketChannel receiver) throws IOException {
        long receiverHolds = 2L * receiver.getOption(StandardSocketOptions.SO_RCVBUF);
        ByteBuffer chunk = ByteBuffer.allocate(8 * 1024);
        long total = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        try (Selector writable = Selector.open()) {
            ch.register(writable, SelectionKey.OP_WRITE);
            while (total <= receiverHolds) {
                chunk.clear();
                int n = ch.write(chunk);
                total += n;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("send buffer full after " + total + " bytes, not past the receiver's " + receiverHolds);
                }
                if (n == 0) {
                    writable.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    writable.selectedKeys().clear();
                }
            }
        }
        return total;
    }

    /**
     * Reads until end of stream; returns the bytes read. When nothing is there it waits in a selector for the next
     * bytes or the FIN, so the pace is the kernel's, and {@link #WAIT_MS} only bounds a test that would hang.
     */
    private static long drain(SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long total = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        try (Selector readable = Selector.open()) {
            ch.register(readable, SelectionKey.OP_READ);
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    return total;
                }
                total += n;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no end of stream after " + total + " bytes");
                }
                if (n == 0) {
                    readable.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    readable.selectedKeys().clear();
                }
            }
        }
    }

    private KernelSocketEntry await(Pair p, InetSocketAddress local, InetSocketAddress remote, KernelTcpState want) {
        KernelTcpSnapshot s = snapshotWhen(p, x -> x.lookup(local, remote).filter(e -> e.state() == want).isPresent());
        Optional<KernelSocketEntry> e = s.lookup(local, remote);
        if (e.isPresent() && e.get().state() == want) {
            return e.get();
        }
        return fail(local + " -> " + remote + ": wanted " + want + ", kernel says "
                + e.map(x -> x.state().name()).orElse("absent") + "\n" + rows(s, p));
    }

    private void awaitGone(Pair p, InetSocketAddress local, InetSocketAddress remote) {
        KernelTcpSnapshot s = snapshotWhen(p, x -> x.lookup(local, remote).isEmpty());
        if (s.lookup(local, remote).isEmpty()) {
            return;
        }
        fail(local + " -> " + remote + " still held by the kernel\n" + rows(s, p));
    }

    /** The table, read again only when the kernel reports an event of the pair's sockets ({@link KernelSignal}). */
    private KernelTcpSnapshot snapshotWhen(Pair p, Predicate<KernelTcpSnapshot> done) {
        return KernelSignal.snapshotWhen(table, List.of(p.cl.getPort(), p.al.getPort()), Duration.ofMillis(WAIT_MS),
                done);
    }

    private static String rows(KernelTcpSnapshot s, Pair p) {
        return SsFormat.table(s.entries().stream()
                .filter(e -> e.local().getPort() == p.cl.getPort() || e.local().getPort() == p.al.getPort())
                .collect(Collectors.toList()));
    }
}
