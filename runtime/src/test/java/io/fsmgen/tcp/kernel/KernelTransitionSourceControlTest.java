package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the source does besides delivering lives: subscriptions changing while it runs, losses when the kernel buffer
 * fills, instances left by dead processes, and saying why it cannot run.
 */
class KernelTransitionSourceControlTest {

    static final Duration BOUND = Duration.ofSeconds(30);

    static KernelTraceAvailability available() {
        KernelTraceAvailability a = KernelTransitionSource.availability();
        assumeTrue(a.isAvailable(), a::toString);
        return a;
    }

    /** One connection to {@code server}, closed at once; returns the client's local port. */
    static int connectAndClose(ServerSocketChannel server) throws Exception {
        try (SocketChannel c = SocketChannel.open(server.getLocalAddress()); SocketChannel a = server.accept()) {
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
    }

    static boolean mentions(List<KernelTcpEvent> events, int port) {
        return events.stream().anyMatch(e -> e instanceof KernelTcpEvent.SocketEvent s
                && (s.local().getPort() == port || s.remote().getPort() == port));
    }

    @Test
    void portsAddedAndRemovedWhileRunning() throws Exception {
        available();
        try (KernelTransitionSource source = KernelTransitionSource.open();
             ServerSocketChannel a = LoopbackPair.listen(LoopbackPair.Flavour.IPV4);
             ServerSocketChannel b = LoopbackPair.listen(LoopbackPair.Flavour.IPV4)) {
            int portA = ((InetSocketAddress) a.getLocalAddress()).getPort();
            int portB = ((InetSocketAddress) b.getLocalAddress()).getPort();
            KernelEvents onA = new KernelEvents();
            KernelEvents onB = new KernelEvents();
            KernelTransitionSource.Subscription subA = source.subscribe(List.of(portA), onA);
            KernelTransitionSource.Subscription subB = source.subscribe(List.of(portB), onB);
            String filter = Tracefs.read(source.instanceDirectory().resolve(
                    "events/sock/inet_sock_set_state/filter"));
            assertTrue(filter.contains("sport == " + portA) && filter.contains("dport == " + portB), filter);

            connectAndClose(a);
            connectAndClose(b);
            assertTrue(source.sync(BOUND));
            assertTrue(mentions(onA.all(), portA) && !mentions(onA.all(), portB), "A sees only A: " + onA.all());
            assertTrue(mentions(onB.all(), portB) && !mentions(onB.all(), portA), "B sees only B: " + onB.all());

            subB.close();
            filter = Tracefs.read(source.instanceDirectory().resolve("events/sock/inet_sock_set_state/filter"));
            assertFalse(filter.contains(Integer.toString(portB)), "B's port left the kernel filter: " + filter);
            int before = onB.all().size();
            int clientOfA = connectAndClose(a);
            connectAndClose(b);
            assertTrue(source.sync(BOUND));
            assertEquals(before, onB.all().size(), "no events after unsubscribing");
            assertTrue(mentions(onA.all(), clientOfA), "A still delivered: " + onA.all());

            subA.close();
            assertEquals("0", Tracefs.read(source.instanceDirectory().resolve(
                    "events/sock/inet_sock_set_state/enable")).trim(), "no subscriber: events disabled");
            KernelEvents all = new KernelEvents();
            try (KernelTransitionSource.Subscription s = source.subscribeAll(all)) {
                int client = connectAndClose(b);
                assertTrue(source.sync(BOUND));
                assertTrue(mentions(all.all(), client), "host-wide sees every port");
            }
        }
    }

    /**
     * A subscriber that blocks stalls delivery; with a small kernel buffer and few pending records the kernel must
     * drop events, and the source must say so: {@link KernelTcpEvent.EventsLost} to the subscriber and
     * {@link KernelTransitionSource#lostEvents()}.
     */
    @Test
    void overrunsAreCountedAndDelivered() throws Exception {
        available();
        KernelTransitionSource.Options small = KernelTransitionSource.Options.defaults().withBufferSizeKb(8)
                .withMaxPending(16);
        try (KernelTransitionSource source = KernelTransitionSource.open(small);
             SocketChannel bound = SocketChannel.open()) {
            bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress closed = (InetSocketAddress) bound.getLocalAddress();
            CountDownLatch release = new CountDownLatch(1);
            KernelEvents ev = new KernelEvents();
            try (KernelTransitionSource.Subscription s = source.subscribe(List.of(closed.getPort()), e -> {
                try {
                    release.await();
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
                ev.onEvent(e);
            })) {
                // each refused connect records 5 events (~400 bytes): 2,000 of them fill 8 KiB per CPU many times
                for (int i = 0; i < 2000; i++) {
                    try (SocketChannel c = SocketChannel.open()) {
                        c.connect(closed);
                    } catch (ConnectException expected) {
                        // refused
                    }
                }
                release.countDown();
                assertTrue(source.sync(BOUND));
                assertTrue(source.lostEvents() > 0, "lost " + source.lostEvents());
                long reported = ev.all().stream().filter(e -> e instanceof KernelTcpEvent.EventsLost)
                        .mapToLong(e -> ((KernelTcpEvent.EventsLost) e).count()).sum();
                assertEquals(source.lostEvents(), reported, "every loss delivered");
            }
        }
    }

    @Test
    void instancesOfDeadProcessesAreRemovedAtOpen() throws Exception {
        Path tracefs = available().tracefs().orElseThrow();
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        assumeTrue(ProcessHandle.of(gone.pid()).isEmpty(), "pid still in use");
        Path stale = tracefs.resolve("instances/" + TracefsInstance.PREFIX + gone.pid() + "-0");
        Files.createDirectory(stale);
        Path live = tracefs.resolve("instances/" + TracefsInstance.PREFIX + ProcessHandle.current().pid() + "-9999");
        Files.createDirectory(live);
        String here = TracefsInstance.pidNamespace().orElseThrow();
        Path staleHere = tracefs.resolve("instances/" + TracefsInstance.PREFIX + gone.pid() + "-1-ns" + here);
        Files.createDirectory(staleHere);
        // The same PID in another PID namespace may be a live process there: not this one's to judge.
        Path elsewhere = tracefs.resolve("instances/" + TracefsInstance.PREFIX + gone.pid() + "-2-ns1");
        Files.createDirectory(elsewhere);
        try (KernelTransitionSource source = KernelTransitionSource.open()) {
            assertFalse(Files.exists(stale), "stale instance removed");
            assertFalse(Files.exists(staleHere), "stale instance of this PID namespace removed");
            assertTrue(Files.exists(elsewhere), "another PID namespace's instance kept");
            assertTrue(Files.exists(live), "a live process's instance kept");
            assertTrue(Files.isDirectory(source.instanceDirectory()));
            assertTrue(source.instanceDirectory().getFileName().toString().endsWith("-ns" + here),
                    source.instanceDirectory().toString());
        } finally {
            Files.deleteIfExists(live);
            Files.deleteIfExists(stale);
            Files.deleteIfExists(staleHere);
            Files.deleteIfExists(elsewhere);
        }
    }

    @Test
    void closeRemovesTheInstance() throws Exception {
        available();
        KernelTransitionSource source = KernelTransitionSource.open();
        Path dir = source.instanceDirectory();
        assertTrue(dir.getFileName().toString().startsWith("fsmgen-" + ProcessHandle.current().pid() + "-"));
        assertEquals("mono", selected(Tracefs.read(dir.resolve("trace_clock"))));
        source.close();
        assertFalse(Files.exists(dir));
        assertThrows(IllegalStateException.class, () -> source.sync(BOUND));
        source.close();
    }

    static String selected(String clocks) {
        int open = clocks.indexOf('[');
        return clocks.substring(open + 1, clocks.indexOf(']', open));
    }

    @Test
    void unavailableTracefsIsNamed() {
        Path nowhere = Path.of("/nonexistent-fsmgen-tracefs");
        KernelTraceAvailability a = KernelTransitionSource.availability(nowhere);
        assertFalse(a.isAvailable());
        assertTrue(a.reason().orElseThrow().contains(nowhere.toString()), a.toString());
        KernelTraceUnavailableException e = assertThrows(KernelTraceUnavailableException.class,
                () -> KernelTransitionSource.open(KernelTransitionSource.Options.defaults().withTracefs(nowhere)));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    }
}
