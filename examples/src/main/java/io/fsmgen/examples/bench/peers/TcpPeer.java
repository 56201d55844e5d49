package io.fsmgen.examples.bench.peers;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;

/**
 * The whole TCP table of {@code TcpSpec} on another state-machine library: what the benchmarks drive and what
 * {@code PeersAgreeWithTcpMachineTest} compares with the generated {@code TcpMachine}.
 */
public interface TcpPeer {

    TcpState state();

    /** See {@code TcpSpec.passive()}. */
    boolean passive();

    /** See {@code TcpSpec.remoteKnown()}. */
    boolean remoteKnown();

    /** See {@code TcpSpec.setRemoteKnown}. */
    void setRemoteKnown(boolean known);

    /** Processes one event; every cell of the table is decided, so nothing is ever unhandled. */
    void fire(TcpEvent event);
}
