package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.linux.Command;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.SegmentCarrier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The link against the real kernel in a private namespace: IP and ICMP, no TCP endpoint. Needs root and TUN. */
class TunLinkTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private TunNamespace net;
    private EndpointLoop loop;

    @BeforeAll
    static void needsRootAndTun() {
        Optional<String> reason = TunNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
    }

    @BeforeEach
    void createNamespace() throws IOException {
        net = TunNamespace.create("tunlink", 1500, Impairment.NONE);
        loop = new EndpointLoop(net.link());
    }

    @AfterEach
    void deleteNamespace() throws IOException {
        net.close();
    }

    @Test
    void pingFromTheNamespaceIsAnswered() throws IOException {
        assumeTrue(Command.run("sh", "-c", "command -v ping || true").contains("ping"),
                "skipped: no ping here (.ci/run installs iputils-ping)");
        CompletableFuture<String> ping = CompletableFuture.supplyAsync(() -> {
            try {
                return net.namespace().exec("ping", "-n", "-c", "3", "-i", "0.2", "-W", "20",
                        TunNamespace.ENDPOINT.toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ping.whenComplete((output, failure) -> loop.wakeup());
        loop.runUntil(ping::isDone, LIMIT, () -> "ping still running");
        assertTrue(ping.join().contains("3 packets transmitted, 3 received"), ping.join());
        assertEquals(3, net.link().stats().echoesAnswered());
    }

    @Test
    void theKernelsIcmpErrorsAreCountedAndIgnored() throws IOException {
        byte[] udp = {0x13, (byte) 0x88, 0, 9, 0, 12, 0, 0, 'p', 'i', 'n', 'g'}; // 5000 -> 9, no checksum
        net.link().send(TunNamespace.KERNEL, 17, udp);
        loop.runUntil(() -> net.link().stats().icmpIgnored() > 0, LIMIT, () -> "no ICMP from the kernel yet");
        assertEquals("ignored destination unreachable (type 3 code 3) from 198.18.0.1",
                net.link().stats().lastProblem());
    }

    @Test
    void packetsForAnotherAddressAreIgnored() throws IOException {
        try (SocketChannel elsewhere = net.namespace().call(SocketChannel::open)) {
            elsewhere.configureBlocking(false);
            elsewhere.connect(new InetSocketAddress("198.18.0.3", 80));
            loop.runUntil(() -> net.link().stats().notForUs() > 0, LIMIT, () -> "the SYN to 198.18.0.3 not seen");
        }
        assertEquals(0, net.link().stats().closedPort());
    }

    @Test
    void aStockLinuxSynToAPortWithNoEndpointIsRefusedWithARst() throws IOException {
        try (SocketChannel client = net.namespace().call(SocketChannel::open)) {
            CompletableFuture<String> refused = CompletableFuture.supplyAsync(() -> {
                try {
                    client.connect(new InetSocketAddress(TunNamespace.ENDPOINT.toInetAddress(), 7));
                    return "connected";
                } catch (IOException e) {
                    return e.getMessage();
                }
            });
            refused.whenComplete((result, failure) -> loop.wakeup());
            loop.runUntil(refused::isDone, LIMIT, () -> "connect() still running");
            assertEquals("Connection refused", refused.join());
        }
        assertEquals(1, net.link().stats().closedPort(), "the SYN, with mss, sackOK, TS, nop and wscale, decoded");
    }

    @Test
    void aSegmentThatWouldExceedTheMtuIsNotSent() {
        SegmentCarrier carrier = net.link().attach(4000, datagram -> { });
        carrier.send(EndpointAddress.of(TunNamespace.KERNEL, 5000), new byte[1481]);
        TunLinkStats stats = net.link().stats();
        assertEquals(1, stats.tooBig());
        assertEquals(0, stats.packetsWritten());
        assertEquals("a 1501-byte packet to 198.18.0.1 exceeds the MTU of 1500 and may not be fragmented: not sent",
                stats.lastProblem());
    }
}
