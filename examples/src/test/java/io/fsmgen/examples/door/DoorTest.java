package io.fsmgen.examples.door;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example behaves as its table says. */
class DoorTest {

    private final DoorMachine door = new DoorMachine();

    @Test
    void opensUnlessLockedWithMotorThenLight() {
        door.fire(Door.Event.LOCK);
        assertFalse(door.fire(Door.Event.OPEN), "the !locked guard fails, and IGNORE returns false");
        assertEquals(Door.State.CLOSED, door.state());
        door.fire(Door.Event.UNLOCK);
        assertTrue(door.fire(Door.Event.OPEN));
        assertEquals(Door.State.OPENED, door.state());
        assertEquals(List.of("motor up", "light on"), door.log());
    }

    @Test
    void closesWithExitActionBeforeTransitionActions() {
        door.fire(Door.Event.OPEN);
        door.fire(Door.Event.CLOSE);
        assertEquals(List.of("motor up", "light on", "light off", "beep", "motor down"), door.log());
    }

    @Test
    void tickIsInternalAndResetWorksFromAnywhere() {
        door.fire(Door.Event.OPEN);
        door.fire(Door.Event.TICK);
        door.fire(Door.Event.TICK);
        assertEquals(2, door.ticks());
        assertEquals(List.of("motor up", "light on"), door.log(), "internal: no exit or entry");
        assertTrue(door.fire(Door.Event.RESET));
        assertEquals(Door.State.CLOSED, door.state());
        assertTrue(door.fire(Door.Event.RESET), "the * row covers CLOSED too");
    }
}
