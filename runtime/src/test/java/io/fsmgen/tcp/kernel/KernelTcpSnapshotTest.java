package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelTcpSnapshotTest {

    @TempDir
    Path root;

    private KernelTcpTable table() {
        return new KernelTcpTable(root, new ProcNetTcpParser(ByteOrder.LITTLE_ENDIAN));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(root.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private static InetSocketAddress sa(String host, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void unavailableWithoutTcpFile() throws IOException {
        KernelTcpTable t = table();
        assertFalse(t.isAvailable());
        assertThrows(NoSuchFileException.class, t::snapshot);
        assertEquals(root, t.root());
        assertEquals(Path.of("/proc/net"), new KernelTcpTable().root());
    }

    @Test
    void missingTcp6ReadsAsEmpty() throws IOException {
        write("tcp", Fixtures.TCP4);
        KernelTcpTable t = table();
        assertTrue(t.isAvailable());
        KernelTcpSnapshot s = t.snapshot();
        assertEquals(6, s.entries().size());
        assertTrue(s.problems().isEmpty());
    }

    @Test
    void readsBothFilesAndLooksUpBy4Tuple() throws IOException {
        write("tcp", Fixtures.TCP4);
        write("tcp6", Fixtures.TCP6);
        KernelTcpSnapshot s = table().snapshot();
        assertEquals(10, s.entries().size());

        assertEquals(KernelTcpState.ESTABLISHED,
                s.lookup(sa("127.0.0.1", 40000), sa("127.0.0.1", 5000)).orElseThrow().state());
        assertEquals(KernelTcpState.CLOSE_WAIT,
                s.lookup(sa("fd00::2", 22), sa("2001:db8::1", 50000)).orElseThrow().state());
        assertTrue(s.lookup(sa("127.0.0.1", 5000), sa("127.0.0.1", 40000)).isEmpty(), "direction matters");
        assertTrue(s.lookup(sa("127.0.0.1", 40000), sa("127.0.0.1", 5001)).isEmpty());
        assertEquals(KernelTcpState.SYN_RECV,
                table().lookup(sa("127.0.0.1", 5000), sa("127.0.0.1", 0x9C43)).orElseThrow().state());
    }

    @Test
    void v4MappedRowsInTcp6MatchIpv4Lookups() throws IOException {
        write("tcp", Fixtures.TCP_HEADER);
        write("tcp6", Fixtures.TCP6);
        KernelTcpSnapshot s = table().snapshot();

        assertEquals(KernelTcpState.ESTABLISHED,
                s.lookup(sa("127.0.0.1", 41000), sa("127.0.0.1", 6000)).orElseThrow().state());
        assertEquals(KernelTcpState.TIME_WAIT,
                s.lookup(sa("127.0.0.1", 41001), sa("127.0.0.1", 6000)).orElseThrow().state());

        // An Inet6Address holding ::ffff:127.0.0.1 (Java normally never makes one) matches too.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        InetAddress m = Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(m instanceof Inet6Address);
        assertTrue(s.lookup(new InetSocketAddress(m, 41000), new InetSocketAddress(m, 6000)).isPresent());
    }

    @Test
    void scopeIdIsIgnored() throws IOException {
        write("tcp", Fixtures.TCP_HEADER);
        write("tcp6", Fixtures.TCP6);
        KernelTcpSnapshot s = table().snapshot();
        InetAddress scoped = Inet6Address.getByAddress(null, InetAddress.getByName("fd00::2").getAddress(), 1);
        assertTrue(s.lookup(new InetSocketAddress(scoped, 22), sa("2001:db8::1", 50000)).isPresent());
    }

    @Test
    void listenersAreFoundInEitherFile() throws IOException {
        write("tcp", Fixtures.TCP4);
        write("tcp6", Fixtures.TCP6);
        KernelTcpSnapshot s = table().snapshot();
        assertEquals(KernelTcpState.LISTEN, s.lookupListener(sa("127.0.0.1", 5000)).orElseThrow().state());
        assertEquals(KernelTcpState.LISTEN, s.lookupListener(sa("::1", 5000)).orElseThrow().state());
        assertTrue(s.lookup(sa("::1", 5000), sa("::", 0)).isPresent(), "either unspecified remote matches");
        assertTrue(s.lookup(sa("::1", 5000), sa("0.0.0.0", 0)).isPresent());
        assertTrue(s.lookupListener(sa("127.0.0.1", 40000)).isEmpty(), "not a listener");
    }

    @Test
    void unresolvedAddressIsRejected() throws IOException {
        write("tcp", Fixtures.TCP4);
        KernelTcpSnapshot s = table().snapshot();
        assertThrows(IllegalArgumentException.class,
                () -> s.lookup(InetSocketAddress.createUnresolved("localhost", 1), sa("127.0.0.1", 2)));
    }

    @Test
    void malformedRowsAreSkippedAndReported() throws IOException {
        write("tcp", Fixtures.TCP_HEADER + Fixtures.TCP4_LISTEN + "   9: garbage\n" + Fixtures.TCP4_ESTAB);
        write("tcp6", Fixtures.TCP6_HEADER + "   0: 00:00 00:00 01 00:00 00:00 0 0 0 0\n");
        KernelTcpSnapshot s = table().snapshot();
        assertEquals(2, s.entries().size());
        assertEquals(2, s.problems().size());
        assertEquals(3, s.problems().get(0).lineNumber());
        assertTrue(s.problems().get(0).source().endsWith("tcp"));
        assertTrue(s.problems().get(1).source().endsWith("tcp6"));
        assertTrue(s.problems().get(1).message().contains("8 (IPv4) or 32 (IPv6)"), s.problems().get(1).message());
    }

    @Test
    void firstRowWinsForDuplicateTuplesAndCountsCoverAll() throws IOException {
        write("tcp", Fixtures.TCP_HEADER + Fixtures.TCP4_LISTEN
                + Fixtures.TCP4_LISTEN.replace("12345", "99999") + Fixtures.TCP4_TIME_WAIT);
        KernelTcpSnapshot s = table().snapshot();
        assertEquals(12345, s.lookupListener(sa("127.0.0.1", 5000)).orElseThrow().inode());
        assertEquals(Map.of(KernelTcpState.LISTEN, 2, KernelTcpState.TIME_WAIT, 1), s.countsByState());
        assertTrue(s.toString().contains("3 rows"));
    }

    @Test
    void snapshotsCanBeBuiltWithoutProc() throws IOException {
        KernelSocketEntry e = new KernelSocketEntry(sa("127.0.0.1", 1), sa("127.0.0.1", 2),
                KernelTcpState.LAST_ACK, 0, 0, KernelTimer.RETRANSMIT, 20, 0, 0, 0);
        KernelTcpSnapshot s = KernelTcpSnapshot.of(java.time.Instant.EPOCH, List.of(e), List.of());
        assertEquals(e, s.lookup(sa("127.0.0.1", 1), sa("127.0.0.1", 2)).orElseThrow());
        assertTrue(e.orphanOrMinisocket());
        assertEquals(java.time.Instant.EPOCH, s.takenAt());
    }

    @Test
    void renderIsAnSsTable() throws IOException {
        write("tcp", Fixtures.TCP_HEADER + Fixtures.TCP4_LISTEN + Fixtures.TCP4_ESTAB);
        write("tcp6", Fixtures.TCP6_HEADER + Fixtures.TCP6_LISTEN_LOOPBACK);
        String expected = String.join("\n",
                "State   Recv-Q  Send-Q  Local Address:Port  Peer Address:Port",
                "LISTEN       2       0  127.0.0.1:5000      0.0.0.0:*",
                "ESTAB        0      16  127.0.0.1:40000     127.0.0.1:5000",
                "LISTEN       0       0  [::1]:5000          [::]:*",
                "");
        assertEquals(expected, table().render());
    }
}
