package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpState;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Illegal calls and options fail at the call with a message that names the problem and the value, before any
 * machine, registry row or socket exists for them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NioTcpIllegalCallsTest {

    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void connectToAnUnresolvedHostLeavesNoConnection() throws Exception {
        try (NioTcpRuntime rt = NioTcpRuntime.open()) {
            InetSocketAddress unresolved = InetSocketAddress.createUnresolved("no-such-host.invalid", 80);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rt.connect(unresolved, new NioTcpHandler() {}));
            assertEquals("cannot connect to no-such-host.invalid:80: the host name did not resolve", e.getMessage());
            assertEquals(0, rt.registry().size(), "no ghost row in SYN_SENT");
        }
    }

    @Test
    void connectToANonInetAddressLeavesNoConnection() throws Exception {
        try (NioTcpRuntime rt = NioTcpRuntime.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rt.connect(UnixDomainSocketAddress.of("/tmp/x.sock"), new NioTcpHandler() {}));
            assertTrue(e.getMessage().contains("a TCP runtime takes an InetSocketAddress, not a UnixDomainSocketAddress"),
                    e.getMessage());
            assertEquals(0, rt.registry().size());
        }
    }

    @Test
    void listenOnAPortInUseNamesTheAddress() throws Exception {
        try (NioTcpRuntime rt = NioTcpRuntime.open()) {
            InetSocketAddress taken = rt.listen(ANY, new NioTcpHandler() {}).localAddress();
            BindException e = assertThrows(BindException.class, () -> rt.listen(taken, new NioTcpHandler() {}));
            assertTrue(e.getMessage().startsWith("cannot listen on " + taken + ": "), e.getMessage());
            assertEquals(1, rt.registry().size(), "only the first listener");
        }
    }

    @Test
    void listenWithoutAnAddressOrWithANegativeBacklogIsRefused() throws Exception {
        try (NioTcpRuntime rt = NioTcpRuntime.open()) {
            NullPointerException npe = assertThrows(NullPointerException.class,
                    () -> rt.listen(null, new NioTcpHandler() {}));
            assertTrue(npe.getMessage().startsWith("address"), npe.getMessage());
            IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
                    () -> rt.listen(ANY, -1, new NioTcpHandler() {}));
            assertEquals("backlog must not be negative (0: the system's default): -1", iae.getMessage());
            assertEquals(0, rt.registry().size());
        }
    }

    @Test
    void writeOfNullFailsBeforeTheMachineHearsSend() throws Exception {
        try (NioTcpRuntime rt = NioTcpRuntime.open()) {
            Recorder server = new Recorder("server");
            NioTcpListener l = rt.listen(ANY, server);
            Recorder client = new Recorder("client");
            NioTcpConnection c = rt.connect(l.localAddress(), client);
            Recorder.get(client.opened);
            assertThrows(NullPointerException.class, () -> c.write(null));
            assertEquals(TcpState.ESTABLISHED, c.state());
            assertEquals(0, c.info().bytesOut());
        }
    }

    @Test
    void negativeDurationsInOptionsAreRefused() {
        IllegalArgumentException leak = assertThrows(IllegalArgumentException.class,
                () -> NioTcpOptions.defaults().withCloseWaitLeak(Duration.ofSeconds(-1), NioTcpRuntime::logLeak));
        assertEquals("closeWaitLeak must not be negative (null: never report): PT-1S", leak.getMessage());
        IllegalArgumentException ack = assertThrows(IllegalArgumentException.class,
                () -> NioTcpOptions.defaults().withAckEstimate(Duration.ofMillis(-5)));
        assertEquals("ackEstimate must not be negative: PT-0.005S", ack.getMessage());
    }

    /** A handler's toString() is the application's code: one that throws is named by its class, and reading goes on. */
    @Test
    void aHandlerWhoseToStringThrowsIsNamedByItsClassEverywhere() throws Exception {
        NioTcpHandler broken = new NioTcpHandler() {
            @Override
            public String toString() {
                throw new IllegalStateException("no name today");
            }
        };
        try (NioTcpRuntime rt = NioTcpRuntime.open()) {
            NioTcpListener listener = rt.listen(ANY, broken);
            String named = broken.getClass().getName() + " (its toString() threw IllegalStateException)";
            assertEquals(named, listener.info().handler());
            assertEquals(named, rt.registry().snapshot().get(0).handler());
            StringBuilder table = new StringBuilder();
            rt.registry().render(table);
            assertTrue(table.toString().contains(named), table.toString());
        }
    }

    /**
     * The JDK throws ConnectException both when a RST refused the SYN and when the kernel gave up retransmitting it;
     * only the first is a refusal (the second closes with TIMEOUT, through RETRANSMISSION_EXHAUSTED).
     */
    @Test
    void aConnectTheKernelTimedOutIsNotARefusal() {
        assertTrue(ConnectRefusal.refused(new java.net.ConnectException("Connection refused")));
        assertTrue(!ConnectRefusal.refused(new java.net.ConnectException("Connection timed out")));
    }
}
