package io.fsmgen.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.tcp.TcpHarness.Outcome;
import io.fsmgen.tcp.TcpHarness.Situation;
import io.fsmgen.tcp.TcpHarness.Variant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Where the two declarative variants differ from the base machine: exactly the overridden cells, nowhere else. */
class TcpVariantTest {

    /** Every pair where {@code variant} differs from the base machine, with the variant's outcome. */
    private static Map<String, Outcome> diff(Variant variant) {
        Map<String, Outcome> cells = new TreeMap<>();
        for (Situation situation : Situation.values()) {
            for (TcpEvent event : TcpEvent.values()) {
                Outcome base = TcpHarness.outcome(situation, Variant.BASE, event);
                Outcome derived = TcpHarness.outcome(situation, variant, event);
                if (!base.equals(derived)) {
                    cells.put(situation + " " + event, derived);
                }
            }
        }
        return cells;
    }

    @Test
    void rfc1337_differs_only_on_rst_in_time_wait() {
        Map<String, Outcome> expected = new TreeMap<>();
        expected.put("TIME_WAIT RCV_RST", new Outcome(TcpState.TIME_WAIT, List.of()));
        assertEquals(expected, diff(Variant.RFC1337));
    }

    @Test
    void rfc793_differs_only_on_syn_in_synchronized_states() {
        Outcome reset = new Outcome(TcpState.CLOSED,
                List.of(TcpHarness.send(TcpSegment.RST), TcpHarness.signal(TcpSignal.RESET)));
        Outcome resetFromTimeWait = new Outcome(TcpState.CLOSED, List.of(TcpHarness.twStopped(),
                TcpHarness.send(TcpSegment.RST), TcpHarness.signal(TcpSignal.RESET)));
        Map<String, Outcome> expected = new TreeMap<>();
        for (String state : List.of("ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK")) {
            expected.put(state + " RCV_SYN", reset);
            expected.put(state + " RCV_SYN_ACK", reset);
        }
        expected.put("TIME_WAIT RCV_SYN", resetFromTimeWait);
        expected.put("TIME_WAIT RCV_SYN_ACK", resetFromTimeWait);
        expected.put("SYN_RECEIVED_ACTIVE RCV_SYN", reset);
        assertEquals(expected, diff(Variant.RFC793));
        assertEquals(15, expected.size());
    }

    @Test
    void test_time_wait_rcv_rst_rfc1337() {
        TcpHarness.Run run = TcpHarness.in(Situation.TIME_WAIT, Variant.RFC1337);
        run.fire(TcpEvent.RCV_RST);
        assertEquals(TcpState.TIME_WAIT, run.state());
        assertEquals(List.of(), run.take());
        run.fire(TcpEvent.TIMEOUT);
        assertEquals(TcpState.CLOSED, run.state());
    }

    @Test
    void test_established_rcv_syn_rfc793() {
        TcpHarness.Run run = TcpHarness.in(Situation.ESTABLISHED, Variant.RFC793);
        run.fire(TcpEvent.RCV_SYN);
        assertEquals(TcpState.CLOSED, run.state());
        assertEquals(List.of(TcpHarness.send(TcpSegment.RST), TcpHarness.signal(TcpSignal.RESET)), run.take());
    }

    @Test
    void test_syn_received_rcv_syn_active_rfc793() {
        TcpHarness.Run run = TcpHarness.in(Situation.SYN_RECEIVED_ACTIVE, Variant.RFC793);
        run.fire(TcpEvent.RCV_SYN);
        assertEquals(TcpState.CLOSED, run.state());
        assertEquals(List.of(TcpHarness.send(TcpSegment.RST), TcpHarness.signal(TcpSignal.RESET)), run.take());
    }

    @Test
    void test_time_wait_rcv_syn_rfc793() {
        TcpHarness.Run run = TcpHarness.in(Situation.TIME_WAIT, Variant.RFC793);
        run.fire(TcpEvent.RCV_SYN);
        assertEquals(TcpState.CLOSED, run.state());
        assertEquals(List.of(TcpHarness.twStopped(), TcpHarness.send(TcpSegment.RST),
                TcpHarness.signal(TcpSignal.RESET)), run.take());
    }

    @Test
    void test_time_wait_rcv_rst_rfc793_is_the_base_behaviour() {
        TcpHarness.Run run = TcpHarness.in(Situation.TIME_WAIT, Variant.RFC793);
        run.fire(TcpEvent.RCV_RST);
        assertEquals(TcpState.CLOSED, run.state());
    }

    @Test
    void test_syn_received_rcv_syn_passive_rfc793_still_returns_to_listen() {
        TcpHarness.Run run = TcpHarness.in(Situation.SYN_RECEIVED_PASSIVE, Variant.RFC793);
        run.fire(TcpEvent.RCV_SYN);
        assertEquals(TcpState.LISTEN, run.state());
    }

    @Test
    void test_syn_received_rcv_syn_ack_active_rfc793_still_completes_the_handshake() {
        TcpHarness.Run run = TcpHarness.in(Situation.SYN_RECEIVED_ACTIVE, Variant.RFC793);
        run.fire(TcpEvent.RCV_SYN_ACK);
        assertEquals(TcpState.ESTABLISHED, run.state());
    }

    @Test
    void variants_are_machines_of_their_own() {
        assertEquals(TcpState.CLOSED, new Rfc1337TcpMachine().state());
        assertEquals(TcpState.CLOSED, new Rfc793TcpMachine().state());
        assertEquals(TcpSpec.class, Rfc1337TcpSpec.class.getSuperclass());
        assertEquals(TcpSpec.class, Rfc793TcpSpec.class.getSuperclass());
        assertEquals(Rfc1337TcpSpec.class, Rfc1337TcpMachine.class.getSuperclass());
        assertEquals(Rfc793TcpSpec.class, Rfc793TcpMachine.class.getSuperclass());
    }
}
