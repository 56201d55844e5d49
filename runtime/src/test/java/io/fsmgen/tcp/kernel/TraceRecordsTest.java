package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The binary side, fed directly: ring-buffer pages, records of each layout, malformed input, the port filter and
 * the per-CPU counters. Formats are those of Linux 6.18 ({@code tcp_send_reset} with sockaddr arrays and reason).
 */
class TraceRecordsTest {

    static final String SET_STATE = """
            name: inet_sock_set_state
            ID: 2287
            format:
            \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
            \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
            \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
            \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

            \tfield:const void * skaddr;\toffset:8;\tsize:8;\tsigned:0;
            \tfield:int oldstate;\toffset:16;\tsize:4;\tsigned:1;
            \tfield:int newstate;\toffset:20;\tsize:4;\tsigned:1;
            \tfield:__u16 sport;\toffset:24;\tsize:2;\tsigned:0;
            \tfield:__u16 dport;\toffset:26;\tsize:2;\tsigned:0;
            \tfield:__u16 family;\toffset:28;\tsize:2;\tsigned:0;
            \tfield:__u16 protocol;\toffset:30;\tsize:2;\tsigned:0;
            \tfield:__u8 saddr[4];\toffset:32;\tsize:4;\tsigned:0;
            \tfield:__u8 daddr[4];\toffset:36;\tsize:4;\tsigned:0;
            \tfield:__u8 saddr_v6[16];\toffset:40;\tsize:16;\tsigned:0;
            \tfield:__u8 daddr_v6[16];\toffset:56;\tsize:16;\tsigned:0;

            print fmt: "family=%s ..."
            """;
    static final String SEND_RESET = """
            name: tcp_send_reset
            ID: 2280
            format:
            \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
            \tfield:const void * skbaddr;\toffset:8;\tsize:8;\tsigned:0;
            \tfield:const void * skaddr;\toffset:16;\tsize:8;\tsigned:0;
            \tfield:int state;\toffset:24;\tsize:4;\tsigned:1;
            \tfield:enum sk_rst_reason reason;\toffset:28;\tsize:4;\tsigned:0;
            \tfield:__u8 saddr[28];\toffset:32;\tsize:28;\tsigned:0;
            \tfield:__u8 daddr[28];\toffset:60;\tsize:28;\tsigned:0;

            print fmt: "skbaddr=%p ...", __print_symbolic(REC->reason, { 0, "NOT_SPECIFIED" }, { 1, "NO_SOCKET" })
            """;
    static final String PRINT = """
            name: print
            ID: 5
            format:
            \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
            \tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;
            \tfield:char buf[];\toffset:16;\tsize:0;\tsigned:0;
            """;

    static TcpTraceDecoder decoder() {
        return new TcpTraceDecoder(Map.of(TcpTraceDecoder.SET_STATE, TraceEventFormat.parse(SET_STATE),
                TcpTraceDecoder.SEND_RESET, TraceEventFormat.parse(SEND_RESET),
                TcpTraceDecoder.PRINT, TraceEventFormat.parse(PRINT)), SEND_RESET);
    }

    static ByteBuffer record(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    /** A state change of an IPv4 socket 127.0.0.1:40000 -> 127.0.0.1:8080 (v4-mapped in the v6 fields). */
    static ByteBuffer setState(int oldState, int newState, int family) {
        ByteBuffer r = record(72);
        r.putShort(0, (short) 2287).putLong(8, 0xffff888100001234L).putInt(16, oldState).putInt(20, newState)
                .putShort(24, (short) 40000).putShort(26, (short) 8080).putShort(28, (short) family)
                .putShort(30, (short) 6);
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        r.put(40, mapped).put(56, mapped);
        r.put(32, new byte[] {127, 0, 0, 1}).put(36, new byte[] {127, 0, 0, 1});
        return r;
    }

    static final class Collected implements TcpTraceDecoder.Sink {
        final List<KernelTcpEvent> events = new ArrayList<>();
        final List<String> markers = new ArrayList<>();
        final List<String> malformed = new ArrayList<>();

        @Override
        public void event(KernelTcpEvent event) {
            events.add(event);
        }

        @Override
        public void marker(long timestamp, String text) {
            markers.add(text);
        }

        @Override
        public void malformed(String description) {
            malformed.add(description);
        }
    }

    @Test
    void stateChangeOfAMappedIpv4SocketIsPlainIpv4() {
        Collected c = new Collected();
        ByteBuffer r = setState(1, 4, 2);
        decoder().decode(77, r, 0, r.capacity(), c);
        KernelTcpEvent.StateChange e = (KernelTcpEvent.StateChange) c.events.get(0);
        assertEquals(new InetSocketAddress("127.0.0.1", 40000), e.local());
        assertEquals(new InetSocketAddress("127.0.0.1", 8080), e.remote());
        assertEquals(KernelTcpState.ESTABLISHED, e.oldState());
        assertEquals(KernelTcpState.FIN_WAIT1, e.newState());
        assertEquals(0xffff888100001234L, e.socket());
        assertEquals(77, e.timestampNanos());
    }

    @Test
    void malformedRecordsAreReportedWithTheirBytesAndNeverThrow() {
        Collected c = new Collected();
        TcpTraceDecoder d = decoder();
        ByteBuffer unknownState = setState(1, 99, 2);
        d.decode(1, unknownState, 0, 72, c);
        ByteBuffer badFamily = setState(1, 4, 7);
        d.decode(2, badFamily, 0, 72, c);
        d.decode(3, setState(1, 4, 2), 0, 30, c);
        d.decode(4, record(1), 0, 1, c);
        assertEquals(List.of(), c.events);
        assertEquals(4, c.malformed.size(), c.malformed.toString());
        assertTrue(c.malformed.get(0).contains("unknown TCP state 99") && c.malformed.get(0).contains("[ef08"),
                c.malformed.get(0));
        assertTrue(c.malformed.get(1).contains("unknown address family 7"), c.malformed.get(1));
        assertTrue(c.malformed.get(2).contains("beyond the record's 30 bytes"), c.malformed.get(2));
    }

    @Test
    void resetForNoSocketCarriesSockaddrsAndReason() {
        ByteBuffer r = record(88);
        r.putShort(0, (short) 2280).putInt(24, 0).putInt(28, 1);
        r.putShort(32, (short) 10).put(34, (byte) 0x1f).put(35, (byte) 0x90);
        r.put(40 + 15, (byte) 1);
        r.putShort(60, (short) 2).put(62, (byte) 0x9c).put(63, (byte) 0x40).put(64, new byte[] {127, 0, 0, 1});
        Collected c = new Collected();
        decoder().decode(5, r, 0, 88, c);
        KernelTcpEvent.ResetSent e = (KernelTcpEvent.ResetSent) c.events.get(0);
        assertEquals(new InetSocketAddress("::1", 8080), e.local());
        assertEquals(new InetSocketAddress("127.0.0.1", 40000), e.remote());
        assertEquals(0, e.socket());
        assertTrue(e.state().isEmpty());
        assertEquals("NO_SOCKET", e.reason().orElseThrow());
    }

    /** A page: header, then entries written as the kernel does. */
    static final class PageWriter {
        final ByteBuffer page = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        int pos = 16;

        PageWriter(long timestamp) {
            page.putLong(0, timestamp);
        }

        void header(int typeLen, int delta) {
            page.putInt(pos, (delta << 5) | typeLen);
            pos += 4;
        }

        PageWriter small(int delta, ByteBuffer record) {
            header(record.capacity() / 4, delta);
            page.put(pos, record, 0, record.capacity());
            pos += record.capacity();
            return this;
        }

        PageWriter large(int delta, ByteBuffer record) {
            header(0, delta);
            page.putInt(pos, record.capacity() + 4);
            pos += 4;
            page.put(pos, record, 0, record.capacity());
            pos += record.capacity();
            return this;
        }

        PageWriter extend(long delta) {
            header(30, (int) (delta & ((1 << 27) - 1)));
            page.putInt(pos, (int) (delta >>> 27));
            pos += 4;
            return this;
        }

        PageWriter padding(int bytes) {
            header(29, 1);
            page.putInt(pos, bytes);
            pos += bytes;
            return this;
        }

        ByteBuffer done(long flags) {
            page.putLong(8, (pos - 16) | flags);
            return page;
        }
    }

    @Test
    void pageEntriesAccumulateTimeDeltasAndSkipPadding() {
        ByteBuffer marker = record(24);
        marker.putShort(0, (short) 5).put(16, "hi\n\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 4);
        ByteBuffer page = new PageWriter(1_000).small(10, setState(1, 4, 2)).padding(12).extend(1L << 30)
                .large(5, setState(4, 5, 2)).small(1, marker).done(0);
        List<Long> times = new ArrayList<>();
        Collected c = new Collected();
        RingBufferPage.Result r = RingBufferPage.DEFAULT.decode(page, 4096, (ts, b, off, len) -> {
            times.add(ts);
            decoder().decode(ts, b, off, len, c);
        });
        assertNull(r.malformed());
        assertEquals(3, r.records());
        assertEquals(List.of(1_010L, 1_015L + (1L << 30), 1_016L + (1L << 30)), times);
        assertEquals(KernelTcpState.FIN_WAIT2, ((KernelTcpEvent.StateChange) c.events.get(1)).newState());
        assertEquals(List.of("hi"), c.markers);
    }

    @Test
    void truncatedOrLossyPagesAreReported() {
        ByteBuffer page = new PageWriter(0).small(1, setState(1, 4, 2)).done(RingBufferPage.MISSED_EVENTS);
        assertEquals(-1, RingBufferPage.DEFAULT.decode(page, 4096, (ts, b, off, len) -> { }).missed());
        ByteBuffer counted = new PageWriter(0).small(1, setState(1, 4, 2))
                .done(RingBufferPage.MISSED_EVENTS | RingBufferPage.MISSED_STORED);
        counted.putLong(16 + 76, 42);
        assertEquals(42, RingBufferPage.DEFAULT.decode(counted, 4096, (ts, b, off, len) -> { }).missed());
        ByteBuffer overlong = new PageWriter(0).small(1, setState(1, 4, 2)).done(0);
        overlong.putLong(8, 5000);
        assertNotNull(RingBufferPage.DEFAULT.decode(overlong, 4096, (ts, b, off, len) -> { }).malformed());
        ByteBuffer cut = new PageWriter(0).large(1, setState(1, 4, 2)).done(0);
        cut.putInt(20, 4000);
        RingBufferPage.Result r = RingBufferPage.DEFAULT.decode(cut, 4096, (ts, b, off, len) -> { });
        assertTrue(r.malformed().contains("overruns"), r.malformed());
        assertNotNull(RingBufferPage.DEFAULT.decode(cut, 10, (ts, b, off, len) -> { }).malformed());
    }

    @Test
    void headerPageLayoutIsRead() {
        RingBufferPage p = RingBufferPage.parse("""
                \tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;
                \tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;
                \tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;
                \tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;
                """);
        assertEquals(RingBufferPage.DEFAULT, p);
        assertThrows(IllegalArgumentException.class, () -> RingBufferPage.parse("\t"));
    }

    @Test
    void portFilterUsesRangesAndStaysUnderTheKernelLimit() {
        assertEquals("sport == 80 || (sport >= 8080 && sport <= 8082) || dport == 80 || (dport >= 8080 && dport <= 8082)",
                PortFilter.expression(new TreeSet<>(List.of(80, 8080, 8081, 8082))));
        TreeSet<Integer> many = new TreeSet<>();
        for (int p = 1000; p < 60000; p += 7) {
            many.add(p);
        }
        String e = PortFilter.expression(many);
        assertTrue(e.length() <= PortFilter.MAX_LENGTH, "length " + e.length());
        List<PortFilter.Range> ranges = PortFilter.keepLargestGaps(PortFilter.ranges(many), 10);
        assertEquals(10, ranges.size());
        for (int p : many) {
            assertTrue(ranges.stream().anyMatch(r -> r.from() <= p && p <= r.to()), "port " + p + " covered");
        }
        assertTrue(e.contains("sport == 1000") && e.contains("<= 59996"), e);
    }

    @Test
    void portFilterKeepsLocalAndRemotePortsApart() {
        assertEquals("sport == 8080 || dport == 80 || dport == 443",
                PortFilter.expression(new TreeSet<>(List.of(8080)), new TreeSet<>(List.of(80, 443)), PortFilter.MAX_LENGTH));
        assertEquals("sport == 8080", PortFilter.expression(new TreeSet<>(List.of(8080)), new TreeSet<>(),
                PortFilter.MAX_LENGTH));
        assertEquals("(dport >= 80 && dport <= 81)", PortFilter.expression(new TreeSet<>(),
                new TreeSet<>(List.of(80, 81)), PortFilter.MAX_LENGTH));
    }

    @Test
    void perCpuStatsAreParsed() {
        CpuBufferStats s = CpuBufferStats.parse("""
                entries: 3
                overrun: 2
                commit overrun: 0
                bytes: 100
                oldest event ts:   382.068360
                now ts:   382.068401
                dropped events: 5
                read events: 9
                """);
        assertEquals(new CpuBufferStats(3, 2, 5, 9), s);
        assertEquals(7, s.lost());
        assertThrows(IllegalArgumentException.class, () -> CpuBufferStats.parse("entries: x\n"));
        assertThrows(IllegalArgumentException.class, () -> CpuBufferStats.parse(
                "entries: 3 4\noverrun: 0\nread events: 1\n"), "one count per line");
        assertThrows(IllegalArgumentException.class, () -> CpuBufferStats.parse("entries: 3\noverrun: 0\n"),
                "read events missing");
        assertEquals(new CpuBufferStats(0, 0, 0, 12), CpuBufferStats.parse(
                "entries:\t0\r\noverrun: 0\nread events:    12   \n"), "blanks around counts");
        assertEquals(new CpuBufferStats(-5, 0, 0, 7), CpuBufferStats.parse("entries: -5\noverrun: 0\nread events: 7\n"),
                "the kernel prints entries below 0 when it samples moving counters");
    }

    @Test
    void formatWithoutFieldsIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceEventFormat.parse("name: x\nID: 3\nformat:\n"));
        assertTrue(e.getMessage().contains("x"));
        assertInstanceOf(TraceEventFormat.Field.class, TraceEventFormat.parse(SET_STATE).require("skaddr"));
    }
}
