package io.fsmgen;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OrdinalsTest {

    enum Colour {
        RED,
        GREEN
    }

    @Test
    void acceptsTheConstantsItWasGeneratedFor() {
        assertDoesNotThrow(() -> Ordinals.verify(OrdinalsTest.class, Colour.class, "RED", "GREEN"));
    }

    @Test
    void rejectsReorderedOrChangedConstantsAndSaysWhatToDo() {
        IllegalStateException reordered = assertThrows(IllegalStateException.class,
                () -> Ordinals.verify(OrdinalsTest.class, Colour.class, "GREEN", "RED"));
        assertEquals("io.fsmgen.OrdinalsTest was generated for io.fsmgen.OrdinalsTest$Colour = [GREEN, RED], but the"
                + " enum is now [RED, GREEN]; recompile the spec so that fsmgen regenerates the machine",
                reordered.getMessage());
        assertThrows(IllegalStateException.class,
                () -> Ordinals.verify(OrdinalsTest.class, Colour.class, "RED", "GREEN", "BLUE"));
    }
}
