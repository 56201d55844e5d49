package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KernelTcpStateTest {

    /** The constants of io.fsmgen.tcp.TcpState, which rfcName() must name. */
    private static final Set<String> RFC_STATES = Set.of("CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED",
            "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT");

    @Test
    void codesFollowTheKernelEnum() {
        assertEquals(1, KernelTcpState.ESTABLISHED.code());
        assertEquals(6, KernelTcpState.TIME_WAIT.code());
        assertEquals(7, KernelTcpState.CLOSE.code());
        assertEquals(0x0A, KernelTcpState.LISTEN.code());
        assertEquals(0x0B, KernelTcpState.CLOSING.code());
        assertEquals(12, KernelTcpState.NEW_SYN_RECV.code());
        for (KernelTcpState s : KernelTcpState.values()) {
            assertEquals(s.ordinal() + 1, s.code(), s.name());
            assertEquals(Optional.of(s), KernelTcpState.fromCode(s.code()));
        }
        assertEquals(Optional.empty(), KernelTcpState.fromCode(0));
        assertEquals(Optional.empty(), KernelTcpState.fromCode(14));
        assertEquals(Optional.empty(), KernelTcpState.fromCode(-1));
    }

    @Test
    void everyRfcStateIsReachedAndNamesAreValid() {
        Set<String> named = Arrays.stream(KernelTcpState.values()).map(KernelTcpState::rfcName).collect(Collectors.toSet());
        assertEquals(RFC_STATES, named);
        assertEquals("CLOSED", KernelTcpState.CLOSE.rfcName());
        assertEquals("FIN_WAIT_1", KernelTcpState.FIN_WAIT1.rfcName());
        assertEquals("SYN_RECEIVED", KernelTcpState.SYN_RECV.rfcName());
    }

    @Test
    void ssLabels() {
        assertEquals("ESTAB", KernelTcpState.ESTABLISHED.ssLabel());
        assertEquals("SYN-SENT", KernelTcpState.SYN_SENT.ssLabel());
        assertEquals("FIN-WAIT-2", KernelTcpState.FIN_WAIT2.ssLabel());
        assertEquals("UNCONN", KernelTcpState.CLOSE.ssLabel());
        assertEquals("CLOSE-WAIT", KernelTcpState.CLOSE_WAIT.ssLabel());
        for (KernelTcpState s : KernelTcpState.values()) {
            assertTrue(s.ssLabel().matches("[A-Z0-9-]+"), s.name());
        }
    }

    @Test
    void timerCodes() {
        for (KernelTimer t : KernelTimer.values()) {
            assertEquals(t.ordinal(), t.code());
            assertEquals(Optional.of(t), KernelTimer.fromCode(t.code()));
        }
        assertEquals(Optional.empty(), KernelTimer.fromCode(5));
    }
}
