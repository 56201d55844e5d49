package io.fsmgen.web.tcp;

import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.Optional;

/**
 * The kernel's state of a connection, for the table's kernel column: shown where it differs from the machine's.
 * {@link TableKernelStates} reads the kernel's socket table; a source fed by the kernel's own transition stream can
 * answer from the last transition it saw instead.
 */
public interface KernelStates {

    /** Called before a round of {@link #stateOf} lookups (a table refresh), with the local ports of the rows. */
    void refresh(BitSet localPorts);

    /**
     * The kernel's state for this 4-tuple, by its RFC name ("CLOSED" when the kernel holds no such socket); empty
     * when the kernel cannot be asked.
     */
    Optional<String> stateOf(InetSocketAddress local, InetSocketAddress remote);

    /** A kernel that cannot be asked. */
    static KernelStates none() {
        return new KernelStates() {
            @Override
            public void refresh(BitSet localPorts) {}

            @Override
            public Optional<String> stateOf(InetSocketAddress local, InetSocketAddress remote) {
                return Optional.empty();
            }
        };
    }
}
