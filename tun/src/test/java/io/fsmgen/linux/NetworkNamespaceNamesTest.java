package io.fsmgen.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What needs no root: the names this class gives and recognises, and the labels it refuses. */
class NetworkNamespaceNamesTest {

    @Test
    void theOwnerIsThePidBeforeTheRandomSuffix() {
        assertEquals(Optional.of(4242L), NetworkNamespace.ownerPid("fsmgen-interop-4242-0a1b2c"));
        assertEquals(Optional.of(7L), NetworkNamespace.ownerPid("fsmgen-user-space-vs-kernel-7-ffffff"));
    }

    @Test
    void namesOfOtherFormsHaveNoOwner() {
        assertEquals(Optional.empty(), NetworkNamespace.ownerPid("blue"));
        assertEquals(Optional.empty(), NetworkNamespace.ownerPid("fsmgen-x-12"));
        assertEquals(Optional.empty(), NetworkNamespace.ownerPid("fsmgen-x-12-XYZXYZ"));
        assertEquals(Optional.empty(), NetworkNamespace.ownerPid("fsmgen-x-abc-0a1b2c"));
        assertEquals(Optional.empty(), NetworkNamespace.ownerPid("other-x-12-0a1b2c"));
    }

    @Test
    void labelsAreLettersDigitsAndDashes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkNamespace.create("no spaces"));
        assertEquals("a namespace label is 1 to 40 letters, digits or dashes: 'no spaces'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.create(""));
    }

    @Test
    void tunNamesFitLinux() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TunDevice.open("a-name-of-sixteen"));
        assertEquals("a TUN device name is 1 to 15 printable ASCII characters without '/', ':' or spaces:"
                + " 'a-name-of-sixteen'", e.getMessage());
    }
}
