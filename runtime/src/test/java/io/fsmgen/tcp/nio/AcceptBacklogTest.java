package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.SYN_SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener whose accept queue overflows: backlog 1 (the kernel queues two), its only loop held in the first
 * connection's {@code opened} so that nothing is accepted, and more clients connecting. The kernel drops the SYNs it
 * has no room for (tcp_abort_on_overflow 0: no RST) and the clients retry; a handshake that completed on a syncookie
 * leaves the client ESTABLISHED with no socket on the server's side until its first data comes in with room in the
 * queue. The clients' machines must say what their kernel says (ESTABLISHED only once the kernel is; no phantom), and
 * once the application accepts again every client must arrive, none lost, each once.
 */
@Timeout(120)
class AcceptBacklogTest {

    static final int CLIENTS = 8;
    static final long BOUND_SECONDS = 90; // SYN retries back off 1, 3, 7, 15 s: a client dropped four times needs 31

    @Test
    void test_SYN_SENT_overflowingAcceptQueue_agreesWithTheKernelAndLosesNoConnection() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Set<Integer> serverPeers = ConcurrentHashMap.newKeySet();
        Semaphore accepted = new Semaphore(0);
        NioTcpHandler server = new NioTcpHandler() {
            @Override
            public void opened(NioTcpConnection c) {
                serverPeers.add(c.remoteAddress().getPort());
                accepted.release();
                if (held.getCount() > 0) {
                    held.countDown();
                    await(release, "the test to release the server's loop"); // the application accepts nothing
                }
            }
        };
        Semaphore opened = new Semaphore(0);
        NioTcpHandler client = new NioTcpHandler() {
            @Override
            public void opened(NioTcpConnection c) {
                opened.release();
                c.write(ByteBuffer.wrap(new byte[] {1})); // carries the ACK a syncookie's server side waits for
            }
        };
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (NioTcpRuntime rtServer = NioTcpRuntime.open(NioTcpOptions.defaults().withThreads(1));
                NioTcpRuntime rtClients = NioTcpRuntime.open(NioTcpOptions.defaults().withThreads(1))) {
            NioTcpListener l = rtServer.listen(any, 1, server);
            List<NioTcpConnection> clients = new ArrayList<>();
            clients.add(rtClients.connect(l.localAddress(), client));
            await(held, "the first connection to hold the server's loop");
            for (int i = 1; i < CLIENTS; i++) {
                clients.add(rtClients.connect(l.localAddress(), client));
            }
            // The first, accepted, and the two the kernel queued complete their handshake.
            assertTrue(opened.tryAcquire(3, BOUND_SECONDS, TimeUnit.SECONDS), "three clients connected");
            int established = 0;
            for (NioTcpConnection c : clients) {
                TcpState machine = c.state(); // the machine first: it only ever follows the kernel
                Optional<TcpState> kernel = rtClients.kernelState(c);
                if (kernel.isPresent() && kernel.get() == SYN_SENT) {
                    assertEquals(SYN_SENT, machine, c + ": the kernel still sends SYNs");
                } else if (kernel.isPresent() && kernel.get() == ESTABLISHED) {
                    established++;
                    Recorder.await(rtClients, c + " ESTABLISHED as its kernel", () -> c.state() == ESTABLISHED);
                }
            }
            assertEquals(1, rtServer.registry().size() - 1, "one connection accepted, beside the listener: "
                    + rtServer.registry().render());
            assertTrue(established >= 3 && established < CLIENTS, "the queue overflowed: " + established
                    + " of " + CLIENTS + " clients ESTABLISHED in their kernel");
            release.countDown();
            assertTrue(accepted.tryAcquire(CLIENTS, BOUND_SECONDS, TimeUnit.SECONDS),
                    "every client accepted once the application accepts: " + serverPeers.size());
            assertTrue(opened.tryAcquire(CLIENTS - 3, BOUND_SECONDS, TimeUnit.SECONDS), "every client connected");
            Set<Integer> clientPorts = new TreeSet<>();
            for (NioTcpConnection c : clients) {
                clientPorts.add(c.localAddress().getPort());
                NioTcpLifeTest.agree(rtClients, c, ESTABLISHED);
            }
            assertEquals(clientPorts, new TreeSet<>(serverPeers), "each client accepted once, none lost");
            assertEquals(CLIENTS, l.acceptedCount());
            assertFalse(accepted.tryAcquire(), "no connection accepted twice");
        } finally {
            release.countDown();
        }
    }

    /**
     * Two connections wait in the accept queue while their clients end them: one closes (its FIN is ACKed by the
     * queued socket, which the kernel takes to CLOSE_WAIT), one aborts (its RST ends the queued socket). Accepted
     * afterwards, each server machine must follow the path the kernel took before the accept and end where it is.
     */
    @Test
    void test_ESTABLISHED_RCV_FIN_and_RCV_RST_beforeTheAccept_areReportedAsTheKernelTookThem() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Map<Integer, NioTcpConnection> byPeer = new ConcurrentHashMap<>();
        Map<Integer, String> ends = new ConcurrentHashMap<>();
        Map<Integer, List<String>> steps = new ConcurrentHashMap<>();
        NioTcpHandler server = new NioTcpHandler() {
            @Override
            public void opened(NioTcpConnection c) {
                byPeer.put(c.remoteAddress().getPort(), c);
                if (held.getCount() > 0) {
                    held.countDown();
                    await(release, "the test to release the server's loop");
                }
            }

            @Override
            public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                ends.put(c.remoteAddress().getPort(), cause.name());
            }
        };
        Semaphore opened = new Semaphore(0);
        NioTcpHandler client = new NioTcpHandler() {
            @Override
            public void opened(NioTcpConnection c) {
                opened.release();
            }
        };
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (NioTcpRuntime rtServer = NioTcpRuntime.open(NioTcpOptions.defaults().withThreads(1));
                NioTcpRuntime rtClients = NioTcpRuntime.open(NioTcpOptions.defaults().withThreads(1))) {
            rtServer.addListener((e, from, event, to) -> {
                if (e instanceof NioTcpConnection c && c.remoteAddress() != null) {
                    steps.computeIfAbsent(c.remoteAddress().getPort(), p -> new CopyOnWriteArrayList<>())
                            .add(from + " --" + event + "--> " + to);
                }
            });
            NioTcpListener l = rtServer.listen(any, 4, server);
            NioTcpConnection first = rtClients.connect(l.localAddress(), client);
            await(held, "the first connection to hold the server's loop");
            NioTcpConnection closing = rtClients.connect(l.localAddress(), client);
            NioTcpConnection aborting = rtClients.connect(l.localAddress(), client);
            assertTrue(opened.tryAcquire(3, BOUND_SECONDS, TimeUnit.SECONDS), "three clients connected");
            closing.close();
            NioTcpLifeTest.agree(rtClients, closing, TcpState.FIN_WAIT_2); // the queued socket ACKed the FIN
            aborting.abort();
            NioTcpLifeTest.agree(rtClients, aborting, TcpState.CLOSED);
            release.countDown();
            int closingPort = closing.localAddress().getPort();
            int abortingPort = aborting.localAddress().getPort();
            Recorder.await(rtServer, "both accepted, the reset one ended",
                    () -> byPeer.containsKey(closingPort) && ends.containsKey(abortingPort));
            NioTcpConnection s = byPeer.get(closingPort);
            NioTcpLifeTest.agree(rtServer, s, TcpState.CLOSE_WAIT);
            assertEquals("RESET", ends.get(abortingPort));
            assertEquals(List.of("CLOSED --PASSIVE_OPEN--> LISTEN", "LISTEN --RCV_SYN--> SYN_RECEIVED",
                    "SYN_RECEIVED --RCV_ACK--> ESTABLISHED", "ESTABLISHED --RCV_RST--> CLOSED"),
                    steps.get(abortingPort), steps.toString());
            s.close();
            NioTcpLifeTest.agree(rtServer, s, TcpState.CLOSED);
            assertEquals(List.of("LISTEN --RCV_SYN--> SYN_RECEIVED", "SYN_RECEIVED --RCV_ACK--> ESTABLISHED",
                    "ESTABLISHED --RCV_FIN--> CLOSE_WAIT", "CLOSE_WAIT --CLOSE--> LAST_ACK",
                    "LAST_ACK --RCV_ACK--> CLOSED"), steps.get(closingPort).subList(1, 6), steps.toString());
            first.abort();
        } finally {
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out after " + BOUND_SECONDS + " s waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
