package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Fixture lines in the layout of iproute2 6.x {@code ss -tanoeH state connected}. */
class SsTcpParserTest {

    private final SsTcpParser parser = new SsTcpParser();

    private static InetSocketAddress sa(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    private KernelSocketEntry one(String line) {
        ProcNetTcpParser.Result r = parser.parse("ss", line + "\n");
        assertTrue(r.ok(), () -> r.problems().toString());
        assertEquals(1, r.entries().size());
        return r.entries().get(0);
    }

    @Test
    void parsesRealLines() throws Exception {
        String text = ""
                + "ESTAB      0      0      127.0.0.1:54804 127.0.0.1:36467 timer:(keepalive,119min,0) ino:6119238 sk:28f63 cgroup:/ <->\n"
                + "ESTAB      5      0      127.0.0.1:36467 127.0.0.1:54804 ino:6119239 sk:28f64 cgroup:/ <->                           \n"
                + "FIN-WAIT-2 0      0          [::1]:34482     [::1]:44375 ino:6119241 sk:28f65 cgroup:/ <--\n"
                + "CLOSE-WAIT 1      0          [::1]:44375     [::1]:34482 uid:1000 ino:6119242 sk:28f66 cgroup:/ -->\n"
                + "TIME-WAIT 0      0      127.0.0.1:32768 127.0.0.1:39533 timer:(timewait,18sec,0) ino:0 sk:1efe8\n"
                + "FIN-WAIT-2 0      0      [::ffff:127.0.0.1]:40000 [::ffff:127.0.0.1]:5000 timer:(timewait,59sec,0) ino:0 sk:1\n";
        ProcNetTcpParser.Result r = parser.parse("ss", text);
        assertTrue(r.ok(), () -> r.problems().toString());
        List<KernelSocketEntry> e = r.entries();
        assertEquals(6, e.size());
        assertAll(
                () -> assertEquals(sa("127.0.0.1", 54804), e.get(0).local()),
                () -> assertEquals(sa("127.0.0.1", 36467), e.get(0).remote()),
                () -> assertEquals(KernelTcpState.ESTABLISHED, e.get(0).state()),
                () -> assertEquals(KernelTimer.KEEPALIVE, e.get(0).timer()),
                () -> assertEquals(119 * 60 * KernelSocketEntry.USER_HZ, e.get(0).timerTicks()),
                () -> assertEquals(6119238, e.get(0).inode()),
                () -> assertEquals(0, e.get(0).uid()),
                () -> assertEquals(5, e.get(1).rxQueue()),
                () -> assertEquals(0, e.get(1).txQueue()),
                () -> assertEquals(KernelTimer.NONE, e.get(1).timer()),
                () -> assertEquals(0, e.get(1).timerTicks()),
                () -> assertEquals(sa("::1", 34482), e.get(2).local()),
                () -> assertInstanceOf(Inet6Address.class, e.get(2).local().getAddress()),
                () -> assertEquals(KernelTcpState.FIN_WAIT2, e.get(2).state()),
                () -> assertEquals(KernelTcpState.CLOSE_WAIT, e.get(3).state()),
                () -> assertEquals(1, e.get(3).rxQueue()),
                () -> assertEquals(1000, e.get(3).uid()),
                () -> assertEquals(KernelTcpState.TIME_WAIT, e.get(4).state()),
                () -> assertTrue(e.get(4).timewaitMinisocket()),
                () -> assertTrue(e.get(4).orphanOrMinisocket()),
                () -> assertEquals(1800, e.get(4).timerTicks()),
                () -> assertInstanceOf(Inet4Address.class, e.get(5).local().getAddress(), "mapped becomes IPv4"),
                () -> assertEquals(sa("127.0.0.1", 40000), e.get(5).local()),
                () -> assertEquals(sa("127.0.0.1", 5000), e.get(5).remote()),
                () -> assertEquals(KernelTcpState.FIN_WAIT2, e.get(5).state(), "orphaned FIN-WAIT-2 minisocket"),
                () -> assertTrue(e.get(5).timewaitMinisocket()));
        KernelTcpSnapshot s = KernelTcpSnapshot.of(java.time.Instant.now(), e, r.problems());
        assertEquals(KernelTcpState.FIN_WAIT2, s.lookup(sa("127.0.0.1", 40000), sa("127.0.0.1", 5000)).orElseThrow().state());
    }

    /** Every label that ss prints maps back to a state (UNCONN to CLOSE, the first with that label). */
    @ParameterizedTest
    @EnumSource(KernelTcpState.class)
    void everyStateLabel(KernelTcpState state) {
        KernelSocketEntry e = one(state.ssLabel() + " 0 0 10.0.0.1:1 10.0.0.2:2 ino:7");
        assertEquals(state == KernelTcpState.BOUND_INACTIVE ? KernelTcpState.CLOSE : state, e.state());
    }

    @Test
    void listenerSendQIsItsBacklogNotATxQueue() throws Exception {
        KernelSocketEntry e = one("LISTEN 3 4096 0.0.0.0:8080 0.0.0.0:* ino:9 sk:1");
        assertEquals(3, e.rxQueue());
        assertEquals(0, e.txQueue());
        assertEquals(sa("0.0.0.0", 0), e.remote());
        KernelSocketEntry six = one("LISTEN 0 128 *:8080 *:* ino:9");
        assertEquals(sa("::", 8080), six.local());
        assertEquals(0, six.remote().getPort());
        assertEquals(17, one("ESTAB 0 17 10.0.0.1:1 10.0.0.2:2 ino:7").txQueue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "on|RETRANSMIT",
        "keepalive|KEEPALIVE",
        "timewait|TIME_WAIT",
        "persist|ZERO_WINDOW_PROBE",
        "off|NONE"})
    void timerKinds(String kind, KernelTimer timer) {
        KernelSocketEntry e = one("ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 timer:(" + kind + ",15sec,3) ino:7");
        assertEquals(timer, e.timer());
        assertEquals(1500, e.timerTicks());
        assertEquals(3, e.retransmits());
    }

    @ParameterizedTest
    @CsvSource({
        "15sec,1500",
        "320ms,32",
        "005ms,0",
        "1min20sec,8000",
        "1min,6000",
        "12min,72000",
        "6.500ms,650",
        "59.990ms,5999",
        "'',0"})
    void timerUnitsBecomeUserHzTicks(String time, long ticks) {
        assertEquals(ticks, one("ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 timer:(on," + time + ",0) ino:7").timerTicks());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:80|127.0.0.1",
        "[::1]:80|::1",
        "[::ffff:127.0.0.1]:80|127.0.0.1",
        "[fe80::1%lo]:80|fe80::1",
        "127.0.0.1%lo:80|127.0.0.1",
        "[2001:db8::a:b]:80|2001:db8::a:b"})
    void addresses(String text, String host) throws Exception {
        KernelSocketEntry e = one("ESTAB 0 0 " + text + " 10.0.0.2:2 ino:7");
        assertEquals(sa(host, 80), e.local());
        assertEquals(InetAddress.getByName(host).getClass(), e.local().getAddress().getClass());
        if (e.local().getAddress() instanceof Inet6Address six) {
            assertEquals(0, six.getScopeId(), "scope dropped, as /proc has none");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ESTAB 0 0 10.0.0.1:1",                                        // too few columns
        "BOGUS 0 0 10.0.0.1:1 10.0.0.2:2 ino:7",                       // unknown state
        "ESTAB x 0 10.0.0.1:1 10.0.0.2:2 ino:7",                       // Recv-Q
        "ESTAB 0 -1 10.0.0.1:1 10.0.0.2:2 ino:7",                      // Send-Q
        "ESTAB 0 0 10.0.0.1 10.0.0.2:2 ino:7",                         // no port
        "ESTAB 0 0 10.0.0.1:70000 10.0.0.2:2 ino:7",                   // port range
        "ESTAB 0 0 10.0.0.256:1 10.0.0.2:2 ino:7",                     // IPv4 range
        "ESTAB 0 0 10.0.1:1 10.0.0.2:2 ino:7",                         // IPv4 parts
        "ESTAB 0 0 example.com:1 10.0.0.2:2 ino:7",                    // a name, never resolved
        "ESTAB 0 0 [::1:1 10.0.0.2:2 ino:7",                           // bracket
        "ESTAB 0 0 [::g]:1 10.0.0.2:2 ino:7",                          // IPv6 digits
        "ESTAB 0 0 [1:2:3:4:5:6:7:8:9]:1 10.0.0.2:2 ino:7",            // IPv6 groups
        "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2",                             // no ino
        "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 ino:x",                       // bad ino
        "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 uid:-3 ino:7",                // bad uid
        "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 timer:(on,1sec) ino:7",       // two timer fields
        "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 timer:on,1sec,0 ino:7",       // no parentheses
        "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 timer:(unknown,1sec,0) ino:7",// unknown kind
        "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 timer:(on,1hour,0) ino:7",    // unit
        "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 timer:(on,6.sec,0) ino:7",    // dot without ms
        "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 timer:(on,1sec,x) ino:7"})    // retransmits
    void malformedLinesAreProblemsWithTheirLineNumber(String bad) {
        String good = "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 ino:7";
        ProcNetTcpParser.Result r = parser.parse("ss", good + "\n\n" + bad + "\n" + good + "\n");
        assertEquals(2, r.entries().size(), () -> "good lines still parse: " + r);
        assertEquals(1, r.problems().size(), () -> bad + " -> " + r.entries());
        ProcNetTcpParser.Problem p = r.problems().get(0);
        assertEquals(3, p.lineNumber());
        assertEquals("ss", p.source());
        assertEquals(bad.strip(), p.line());
    }

    @Test
    void emptyOutputIsAnEmptyTable() {
        ProcNetTcpParser.Result r = parser.parse("ss", "");
        assertTrue(r.ok());
        assertTrue(r.entries().isEmpty());
    }

    @Test
    void filterUsesBothSetsWhenSmallElseTheSmallerElseNone() {
        BitSet local = ports(40000, 40001);
        BitSet remote = ports(5000);
        assertEquals("( sport = :40000 or sport = :40001 ) and ( dport = :5000 )", SsTcpTable.filter(local, remote));
        BitSet many = new BitSet();
        many.set(30000, 30000 + SsTcpTable.MAX_PORT_TERMS);
        assertEquals("( dport = :5000 )", SsTcpTable.filter(many, remote));
        assertEquals("( sport = :40000 or sport = :40001 )", SsTcpTable.filter(local, many));
        BitSet tooMany = new BitSet();
        tooMany.set(20000, 20000 + SsTcpTable.MAX_PORT_TERMS + 1);
        assertEquals("", SsTcpTable.filter(tooMany, tooMany));
        assertEquals("", SsTcpTable.filter(new BitSet(), new BitSet()));
        assertEquals("( dport = :5000 )", SsTcpTable.filter(new BitSet(), remote));
    }

    private static BitSet ports(int... ports) {
        BitSet b = new BitSet();
        for (int p : ports) {
            b.set(p);
        }
        return b;
    }

    static String describe(List<KernelSocketEntry> e) {
        return e.stream().map(SsFormat::line).collect(Collectors.joining("\n"));
    }
}
