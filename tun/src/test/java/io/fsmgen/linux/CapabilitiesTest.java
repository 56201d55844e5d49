package io.fsmgen.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    @Test
    void readsTheEffectiveSetFromProcStatus() {
        List<String> root = List.of("Name:\tjava", "CapInh:\t0000000000000000", "CapEff:\t000001ffffffffff");
        List<String> user = List.of("CapEff:\t0000000000000000");
        List<String> netAdminOnly = List.of("CapEff:\t0000000000001000");
        assertEquals(Optional.of(true), Capabilities.parseEffective(root, Capabilities.CAP_NET_ADMIN));
        assertEquals(Optional.of(false), Capabilities.parseEffective(user, Capabilities.CAP_NET_ADMIN));
        assertEquals(Optional.of(true), Capabilities.parseEffective(netAdminOnly, Capabilities.CAP_NET_ADMIN));
        assertEquals(Optional.of(false), Capabilities.parseEffective(netAdminOnly, Capabilities.CAP_SYS_ADMIN));
    }

    @Test
    void cannotTellWithoutACapEffLine() {
        assertEquals(Optional.empty(), Capabilities.parseEffective(List.of("Name:\tjava"), 12));
        assertEquals(Optional.empty(), Capabilities.parseEffective(List.of("CapEff:\tzz"), 12));
    }
}
