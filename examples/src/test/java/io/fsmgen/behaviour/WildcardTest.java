package io.fsmgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WildcardTest {

    @Test
    void wildcardAppliesToStateWithoutOwnRow() {
        WildcardSpecMachine machine = new WildcardSpecMachine();
        assertTrue(machine.fire(Switch.KICK));
        assertEquals(Light.BROKEN, machine.state());
        assertEquals(List.of("anywhere"), machine.log);
    }

    @Test
    void explicitGuardedRowIsTriedBeforeWildcard() {
        WildcardSpecMachine machine = new WildcardSpecMachine();
        machine.fire(Switch.FLIP);
        machine.sturdy = true;
        assertTrue(machine.fire(Switch.KICK));
        assertEquals(Light.ON, machine.state());
        assertEquals(List.of("sturdy"), machine.log);
    }

    @Test
    void wildcardIsFallbackWhenExplicitGuardFails() {
        WildcardSpecMachine machine = new WildcardSpecMachine();
        machine.fire(Switch.FLIP);
        machine.sturdy = false;
        assertTrue(machine.fire(Switch.KICK));
        assertEquals(Light.BROKEN, machine.state());
        assertEquals(List.of("anywhere"), machine.log);
    }

    @Test
    void explicitRowWithoutGuardShadowsWildcard() {
        WildcardSpecMachine machine = new WildcardSpecMachine();
        machine.restore(Light.BROKEN);
        assertTrue(machine.fire(Switch.KICK));
        assertEquals(Light.BROKEN, machine.state());
        assertEquals(List.of("broken"), machine.log);
    }
}
