package io.fsmgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuardTest {

    @Test
    void firstRowWhoseGuardHoldsFires() {
        GuardSpecMachine machine = new GuardSpecMachine();
        machine.first = true;
        machine.second = false;
        assertTrue(machine.fire(Switch.FLIP));
        assertEquals(Light.ON, machine.state());
        assertEquals(List.of("first"), machine.log);
        assertEquals(0, machine.secondCalls, "later guards are not evaluated once a row fired");
    }

    @Test
    void negatedGuardFiresWhenMethodReturnsFalse() {
        GuardSpecMachine machine = new GuardSpecMachine();
        machine.first = false;
        machine.second = false;
        assertTrue(machine.fire(Switch.FLIP));
        assertEquals(Light.BROKEN, machine.state());
        assertEquals(List.of("second"), machine.log);
    }

    @Test
    void fallbackFiresWhenNoGuardHolds() {
        GuardSpecMachine machine = new GuardSpecMachine();
        machine.first = false;
        machine.second = true;
        assertTrue(machine.fire(Switch.FLIP));
        assertEquals(Light.OFF, machine.state());
        assertEquals(List.of("fallback"), machine.log);
        assertEquals(1, machine.firstCalls);
        assertEquals(1, machine.secondCalls);
    }

    @Test
    void guardedRowWithoutFallbackLeavesEventUnhandled() {
        GuardSpecMachine machine = new GuardSpecMachine();
        machine.first = true;
        machine.fire(Switch.FLIP);
        machine.first = false;
        assertFalse(machine.fire(Switch.TICK));
        assertEquals(Light.ON, machine.state());
        machine.first = true;
        assertTrue(machine.fire(Switch.TICK));
    }

    @Test
    void rowWithSeveralSourceStates() {
        GuardSpecMachine machine = new GuardSpecMachine();
        machine.restore(Light.BROKEN);
        assertTrue(machine.fire(Switch.REPAIR));
        assertEquals(Light.OFF, machine.state());
        machine.restore(Light.ON);
        assertTrue(machine.fire(Switch.REPAIR));
        assertEquals(Light.OFF, machine.state());
        assertFalse(machine.fire(Switch.REPAIR), "OFF has no REPAIR row");
    }
}
