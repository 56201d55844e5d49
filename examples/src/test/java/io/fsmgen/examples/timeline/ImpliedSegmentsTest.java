package io.fsmgen.examples.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImpliedSegmentsTest {

    private final ImpliedSegments implied = new ImpliedSegments();

    @Test
    void handshakeSegmentsComeFromTheTable() {
        assertEquals(List.of("SYN"), implied.of(TcpState.CLOSED, TcpEvent.ACTIVE_OPEN));
        assertEquals(List.of("SYN+ACK"), implied.of(TcpState.LISTEN, TcpEvent.RCV_SYN));
        assertEquals(List.of("ACK"), implied.of(TcpState.SYN_SENT, TcpEvent.RCV_SYN_ACK));
        assertEquals(List.of(), implied.of(TcpState.SYN_RECEIVED, TcpEvent.RCV_ACK));
    }

    @Test
    void closeSegmentsComeFromTheTable() {
        assertEquals(List.of("FIN"), implied.of(TcpState.ESTABLISHED, TcpEvent.CLOSE));
        assertEquals(List.of("ACK"), implied.of(TcpState.ESTABLISHED, TcpEvent.RCV_FIN));
        assertEquals(List.of("FIN"), implied.of(TcpState.CLOSE_WAIT, TcpEvent.CLOSE));
        assertEquals(List.of("ACK"), implied.of(TcpState.FIN_WAIT_2, TcpEvent.RCV_FIN));
        assertEquals(List.of(), implied.of(TcpState.LAST_ACK, TcpEvent.RCV_ACK));
        assertEquals(List.of("RST"), implied.of(TcpState.ESTABLISHED, TcpEvent.ABORT));
    }

    @Test
    void replaysAreIndependent() {
        implied.of(TcpState.CLOSED, TcpEvent.ACTIVE_OPEN);
        assertEquals(List.of(), implied.of(TcpState.TIME_WAIT, TcpEvent.TIMEOUT));
    }
}
