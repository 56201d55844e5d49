package io.fsmgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void payloadReachesGuardAndAction() {
        PayloadSpecMachine machine = new PayloadSpecMachine();
        assertTrue(machine.fire(Switch.FLIP, 50));
        assertEquals(Light.OFF, machine.state());
        assertNull(machine.kept);
        assertTrue(machine.fire(Switch.FLIP, 500));
        assertEquals(Light.ON, machine.state());
        assertEquals(500, machine.kept);
        assertEquals(List.of("saw FLIP", "saw FLIP"), machine.log);
    }

    @Test
    void fireWithoutPayloadPassesNull() {
        PayloadSpecMachine machine = new PayloadSpecMachine();
        assertTrue(machine.fire(Switch.FLIP));
        assertEquals(Light.OFF, machine.state(), "bright(null) is false, so the fallback fired");
    }

    @Test
    void queuedEventsKeepTheirPayloads() {
        PayloadSpecMachine machine = new PayloadSpecMachine();
        machine.fire(Switch.KICK, 3);
        assertEquals(List.of("chain 3", "chain 2", "chain 1", "chain 0"), machine.log);
    }

    @Test
    void queueGrowsBeyondItsInitialCapacity() {
        PayloadSpecMachine machine = new PayloadSpecMachine();
        machine.fire(Switch.KICK, 40);
        assertEquals(41, machine.log.size());
        assertEquals("chain 0", machine.log.get(40));
    }
}
