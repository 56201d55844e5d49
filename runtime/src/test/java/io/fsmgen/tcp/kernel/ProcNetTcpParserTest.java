package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcNetTcpParserTest {

    private final ProcNetTcpParser le = new ProcNetTcpParser(ByteOrder.LITTLE_ENDIAN);

    private static InetSocketAddress sa(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void parsesEveryKindOfIpv4Row() throws Exception {
        ProcNetTcpParser.Result r = le.parse("tcp", Fixtures.TCP4);
        assertTrue(r.ok(), () -> r.problems().toString());
        List<KernelSocketEntry> e = r.entries();
        assertEquals(6, e.size());

        KernelSocketEntry listen = e.get(0);
        assertAll(
                () -> assertEquals(sa("127.0.0.1", 5000), listen.local()),
                () -> assertEquals(sa("0.0.0.0", 0), listen.remote()),
                () -> assertEquals(KernelTcpState.LISTEN, listen.state()),
                () -> assertEquals(2, listen.rxQueue()),
                () -> assertEquals(1000, listen.uid()),
                () -> assertEquals(12345, listen.inode()),
                () -> assertFalse(listen.orphanOrMinisocket()));

        KernelSocketEntry estab = e.get(1);
        assertAll(
                () -> assertEquals(sa("127.0.0.1", 40000), estab.local()),
                () -> assertEquals(sa("127.0.0.1", 5000), estab.remote()),
                () -> assertEquals(KernelTcpState.ESTABLISHED, estab.state()),
                () -> assertEquals(16, estab.txQueue()),
                () -> assertEquals(KernelTimer.KEEPALIVE, estab.timer()),
                () -> assertEquals(1500, estab.timerTicks()),
                () -> assertEquals(Duration.ofSeconds(15), estab.timerRemaining()));

        KernelSocketEntry doc = e.get(2);
        assertAll(
                () -> assertEquals(sa("172.16.3.1", 40012), doc.local()),
                () -> assertEquals(sa("172.16.3.3", 6000), doc.remote()),
                () -> assertEquals(0x150, doc.txQueue()),
                () -> assertEquals(KernelTimer.RETRANSMIT, doc.timer()),
                () -> assertEquals(54165785, doc.inode()));
    }

    @Test
    void minisocketsAndTheOrphanFinWait2Quirk() {
        List<KernelSocketEntry> e = le.parse("tcp", Fixtures.TCP4).orThrow();

        KernelSocketEntry tw = e.get(3);
        assertEquals(KernelTcpState.TIME_WAIT, tw.state());
        assertEquals(KernelTimer.TIME_WAIT, tw.timer());
        assertEquals(Duration.ofSeconds(60), tw.timerRemaining());
        assertTrue(tw.orphanOrMinisocket());
        assertTrue(tw.timewaitMinisocket());

        KernelSocketEntry fw2 = e.get(4);
        assertEquals(KernelTcpState.FIN_WAIT2, fw2.state(), "the substate, not TIME_WAIT");
        assertEquals("FIN_WAIT_2", fw2.state().rfcName());
        assertTrue(fw2.timewaitMinisocket());
        assertTrue(fw2.orphanOrMinisocket());

        KernelSocketEntry req = e.get(5);
        assertEquals(KernelTcpState.SYN_RECV, req.state());
        assertEquals("SYN_RECEIVED", req.state().rfcName());
        assertEquals(0, req.inode());
        assertEquals(1, req.retransmits());
        assertTrue(req.orphanOrMinisocket());
        assertFalse(req.timewaitMinisocket());
    }

    @Test
    void parsesIpv6IncludingV4Mapped() throws Exception {
        ProcNetTcpParser.Result r = le.parse("tcp6", Fixtures.TCP6);
        assertTrue(r.ok(), () -> r.problems().toString());
        List<KernelSocketEntry> e = r.entries();
        assertEquals(4, e.size());

        assertEquals(sa("::1", 5000), e.get(0).local());
        assertInstanceOf(Inet6Address.class, e.get(0).local().getAddress());
        assertEquals(sa("::", 0), e.get(0).remote());

        KernelSocketEntry mapped = e.get(1);
        assertInstanceOf(Inet4Address.class, mapped.local().getAddress(), "::ffff:127.0.0.1 becomes IPv4");
        assertEquals(sa("127.0.0.1", 41000), mapped.local());
        assertEquals(sa("127.0.0.1", 6000), mapped.remote());
        assertEquals(5, mapped.rxQueue());

        assertEquals(sa("fd00::2", 22), e.get(2).local());
        assertEquals(sa("2001:db8::1", 50000), e.get(2).remote());
        assertEquals(KernelTcpState.CLOSE_WAIT, e.get(2).state());

        assertEquals(KernelTcpState.TIME_WAIT, e.get(3).state());
        assertEquals(sa("127.0.0.1", 41001), e.get(3).local());
    }

    @Test
    void bigEndianKernelPrintsAddressWordsInNetworkOrder() throws Exception {
        ProcNetTcpParser be = new ProcNetTcpParser(ByteOrder.BIG_ENDIAN);
        String tcp = Fixtures.TCP_HEADER
                + "   0: 7F000001:9C40 AC100303:1770 01 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 20 4 30 10 -1\n";
        KernelSocketEntry e = be.parse("tcp", tcp).orThrow().get(0);
        assertEquals(sa("127.0.0.1", 40000), e.local());
        assertEquals(sa("172.16.3.3", 6000), e.remote());

        String tcp6 = Fixtures.TCP6_HEADER
                + "   0: 20010DB8000000000000000000000001:0050 00000000000000000000FFFF7F000001:9C40 01 00000000:00000000 00:00000000 00000000 0 0 1 1\n";
        KernelSocketEntry e6 = be.parse("tcp6", tcp6).orThrow().get(0);
        assertEquals(sa("2001:db8::1", 80), e6.local());
        assertEquals(sa("127.0.0.1", 40000), e6.remote());
    }

    @Test
    void nativeOrderIsTheDefault() {
        assertEquals(ByteOrder.nativeOrder(), new ProcNetTcpParser().wordOrder());
    }

    @Test
    void headerAndBlankLinesAreSkippedAndNothingIsEmpty() {
        ProcNetTcpParser.Result r = le.parse("tcp", Fixtures.TCP_HEADER + "\n\n");
        assertTrue(r.ok());
        assertTrue(r.entries().isEmpty());
        assertTrue(le.parse("tcp", "").entries().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "too few columns     | 0: 0100007F:1388 00000000:0000 0A                                                  | expected at least 10 columns, found 4",
        "bad slot            | 0 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1      | slot column '0' does not end with ':'",
        "address length      | 0: 00007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1       | local_address '00007F:1388': address must have 8 (IPv4) or 32 (IPv6) hex digits, has 6",
        "address not hex     | 0: 0100007G:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1     | local_address '0100007G' is not hexadecimal",
        "missing port        | 0: 0100007F 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1          | local_address '0100007F' is not two values separated by one ':'",
        "port too long       | 0: 0100007F:11388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1    | local_address port '11388' must be 1 to 4 hex digits",
        "remote not hex      | 0: 0100007F:1388 00000000:00x0 0A 00000000:00000000 00:00000000 00000000 0 0 1     | rem_address port '00x0' is not hexadecimal",
        "unknown state       | 0: 0100007F:1388 00000000:0000 0E 00000000:00000000 00:00000000 00000000 0 0 1     | unknown state code st=0E",
        "state not hex       | 0: 0100007F:1388 00000000:0000 ZZ 00000000:00000000 00:00000000 00000000 0 0 1     | st 'ZZ' is not hexadecimal",
        "queues              | 0: 0100007F:1388 00000000:0000 0A 0000000000000000 00:00000000 00000000 0 0 1      | tx_queue:rx_queue '0000000000000000' is not two values separated by one ':'",
        "unknown timer       | 0: 0100007F:1388 00000000:0000 0A 00000000:00000000 07:00000000 00000000 0 0 1     | unknown timer kind tr=07",
        "when too long       | 0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000000000000 00000000 0 0 1 | tm->when '00000000000000000' must be 1 to 16 hex digits",
        "uid not decimal     | 0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 1e3 0 1   | uid '1e3' is not a decimal number",
        "negative inode      | 0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 -1    | inode '-1' is not a decimal number",
        "timeout             | 0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 x 1     | timeout 'x' is not a decimal number",
    })
    void malformedRowNamesLineAndProblem(String name, String row, String expected) {
        String text = Fixtures.TCP_HEADER + Fixtures.TCP4_LISTEN + "  " + row + "\n" + Fixtures.TCP4_ESTAB;
        ProcNetTcpParser.Result r = le.parse("/proc/net/tcp", text);
        assertEquals(2, r.entries().size(), "the good rows still parse");
        assertEquals(1, r.problems().size(), () -> r.problems().toString());
        ProcNetTcpParser.Problem p = r.problems().get(0);
        assertEquals(3, p.lineNumber());
        assertEquals("/proc/net/tcp", p.source());
        assertEquals(expected, p.message());
        assertEquals(row.strip(), p.line());
        assertTrue(p.toString().startsWith("/proc/net/tcp:3: " + expected), p.toString());
    }

    @Test
    void orThrowListsEveryProblem() {
        String text = Fixtures.TCP_HEADER + "   0: nonsense\n" + Fixtures.TCP4_ESTAB + "   2: more nonsense\n";
        ProcNetTcpParser.Result r = le.parse("tcp", text);
        ProcNetTcpFormatException ex = assertThrows(ProcNetTcpFormatException.class, r::orThrow);
        assertEquals(2, ex.problems().size());
        assertTrue(ex.getMessage().startsWith("2 malformed row(s): tcp:2: expected at least 10 columns"), ex.getMessage());
        assertTrue(ex.getMessage().contains("tcp:4: "), ex.getMessage());
    }

    @Test
    void aPortFilterKeepsOnlyTheRowsOfThosePortsWithTheirLineNumbers() throws Exception {
        ProcNetTcpParser.Result all = le.parse("tcp", Fixtures.TCP4);
        ProcNetTcpParser.Result port5000 = le.parse("tcp", Fixtures.TCP4, port -> port == 5000);
        assertTrue(port5000.ok(), () -> port5000.problems().toString());
        assertEquals(all.entries().stream().filter(e -> e.local().getPort() == 5000).toList(), port5000.entries());
        assertFalse(port5000.entries().isEmpty());
        assertTrue(le.parse("tcp6", Fixtures.TCP6, port -> false).entries().isEmpty());
    }

    @Test
    void aRowWhosePortCannotBeReadIsReportedEvenWhenTheFilterRejectsEveryPort() {
        String text = Fixtures.TCP_HEADER + "   0: 0100007F:XY90 00000000:0000 0A\n" + Fixtures.TCP4_ESTAB;
        ProcNetTcpParser.Result r = le.parse("tcp", text, port -> false);
        assertTrue(r.entries().isEmpty());
        assertEquals(1, r.problems().size());
        assertEquals(2, r.problems().get(0).lineNumber());
    }
}
