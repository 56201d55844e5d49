package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SsFormatTest {

    private static InetSocketAddress sa(String host, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void lineLooksLikeSs() throws UnknownHostException {
        KernelSocketEntry e = new KernelSocketEntry(sa("127.0.0.1", 40000), sa("127.0.0.1", 5000),
                KernelTcpState.ESTABLISHED, 0, 0, KernelTimer.NONE, 0, 0, 1000, 42);
        assertEquals("ESTAB 0 0 127.0.0.1:40000 127.0.0.1:5000", SsFormat.line(e));

        KernelSocketEntry q = new KernelSocketEntry(sa("::1", 5000), sa("::1", 40000),
                KernelTcpState.CLOSE_WAIT, 7, 3, KernelTimer.NONE, 0, 0, 1000, 43);
        assertEquals("CLOSE-WAIT 3 7 [::1]:5000 [::1]:40000", SsFormat.line(q), "Recv-Q before Send-Q");
    }

    @Test
    void emptyTableIsJustTheHeader() {
        assertEquals("State  Recv-Q  Send-Q  Local Address:Port  Peer Address:Port\n", SsFormat.table(List.of()));
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 80, 127.0.0.1:80",
        "0.0.0.0, 0, 0.0.0.0:*",
        "::, 0, [::]:*",
        "::1, 443, [::1]:443",
        "fd00::2, 22, [fd00::2]:22",
        "2001:db8:0:0:1:0:0:1, 1, [2001:db8::1:0:0:1]:1",
        "2001:db8:0:1:1:1:1:1, 1, [2001:db8:0:1:1:1:1:1]:1",
        "2001:0:0:1:0:0:0:1, 1, [2001:0:0:1::1]:1",
        "fe80:0:0:0:0:0:0:0, 1, [fe80::]:1",
    })
    void addresses(String host, int port, String expected) throws UnknownHostException {
        assertEquals(expected, SsFormat.address(sa(host, port)));
    }
}
