package io.fsmgen.examples.job;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_1;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.LAST_ACK;
import static io.fsmgen.tcp.TcpState.LISTEN;
import static io.fsmgen.tcp.TcpState.SYN_RECEIVED;
import static io.fsmgen.tcp.TcpState.SYN_SENT;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenarios of the user-space endpoint on a simulated network show the lives a kernel socket hides. */
class SimulatedScenarioTest {

    private static SimulatedScenarios.Played play(String name) {
        return SimulatedScenarios.play(name, SimulatedScenarios.DEFAULT_SEED).orElseThrow();
    }

    @Test
    void simultaneousOpenPassesSynReceivedOnBothSides() {
        SimulatedScenarios.Played played = play("simultaneous-open");
        assertEquals(List.of(CLOSED, SYN_SENT, SYN_RECEIVED, ESTABLISHED),
                played.states().get("client").subList(0, 4));
        assertEquals(List.of(CLOSED, SYN_SENT, SYN_RECEIVED, ESTABLISHED),
                played.states().get("server").subList(0, 4));
        assertTrue(played.diagram().contains("SYN_SENT -> SYN_RECEIVED"), played.diagram());
    }

    @Test
    void lossyNetworkLosesSegmentsAndStillFinishes() {
        SimulatedScenarios.Played played = play("lossy");
        assertTrue(played.diagram().contains("x---"), "some segment is lost: " + played.diagram());
        assertEquals(List.of(CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED),
                played.states().get("client"));
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED),
                played.states().get("server"));
    }

    @Test
    void rstInPassiveSynReceivedReturnsToListen() {
        SimulatedScenarios.Played played = play("rst-in-syn-received");
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, LISTEN, CLOSED), played.states().get("server"));
        assertTrue(played.diagram().contains("RST"), played.diagram());
        assertTrue(played.states().get("server, again").contains(ESTABLISHED), played.states().toString());
        assertTrue(played.description().contains("the listener stayed in LISTEN and accepted the client's next"
                + " connection"), played.description());
        assertTrue(played.diagram().contains("RCV_RST: SYN_RECEIVED -> LISTEN"), "events named: " + played.diagram());
    }

    @Test
    void unknownNameIsEmpty() {
        assertTrue(SimulatedScenarios.play("teleport", 1).isEmpty());
    }
}
