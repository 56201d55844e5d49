package io.fsmgen.tcp.kernel;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one subscriber of a {@link KernelTransitionSource} wants: which sockets (by local and by remote port), which
 * kinds of event, and which new states. The source turns the union of its subscribers' interests into the kernel's
 * own filters, so what nobody wants is dropped in the kernel, before any record is copied, decoded or merged.
 *
 * <p>Why the sides and the states matter: a server that follows its accepted connections wants {@code sport == P}
 * only; {@code sport == P || dport == P} also passes every client socket of the same connections (on loopback, as
 * many events again). A runtime that learns only the transitions no socket call shows wants the changes into
 * FIN_WAIT2, CLOSING and CLOSE, about one event in eight of a connection's life.
 *
 * @param localPorts  sockets whose local port is one of these
 * @param remotePorts or whose remote port is one of these; both sets empty means every socket of the host
 * @param kinds       the kinds of event delivered (never empty); {@link KernelTcpEvent.EventsLost} always is
 * @param newStates   state changes delivered only when their new state is one of these; empty means all
 */
public record KernelInterest(Set<Integer> localPorts, Set<Integer> remotePorts, Set<Kind> kinds,
                             Set<KernelTcpState> newStates) {

    /** The kinds of kernel event, one per tracepoint. */
    public enum Kind {
        /** {@code sock:inet_sock_set_state}: {@link KernelTcpEvent.StateChange}. */
        STATE_CHANGES,
        /** {@code tcp:tcp_receive_reset}: {@link KernelTcpEvent.ResetReceived}. */
        RESETS_RECEIVED,
        /** {@code tcp:tcp_send_reset}: {@link KernelTcpEvent.ResetSent} (the kernel cannot filter it by port). */
        RESETS_SENT,
        /** {@code tcp:tcp_retransmit_skb}: {@link KernelTcpEvent.Retransmission}. */
        RETRANSMISSIONS,
        /** {@code tcp:tcp_destroy_sock}: {@link KernelTcpEvent.SocketDestroyed}. */
        DESTRUCTIONS
    }

    public KernelInterest {
        localPorts = checkedPorts(localPorts);
        remotePorts = checkedPorts(remotePorts);
        kinds = Set.copyOf(Objects.requireNonNull(kinds, "kinds"));
        newStates = Set.copyOf(Objects.requireNonNull(newStates, "newStates"));
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("an interest in no kind of event");
        }
    }

    /** Every event of every TCP socket of the host. */
    public static KernelInterest everything() {
        return new KernelInterest(Set.of(), Set.of(), EnumSet.allOf(Kind.class), Set.of());
    }

    /**
     * Every event of the sockets with {@code ports} at either end.
     *
     * @throws IllegalArgumentException if {@code ports} is empty or holds a number outside 1..65535
     */
    public static KernelInterest ports(Collection<Integer> ports) {
        requireSome(ports);
        return new KernelInterest(Set.copyOf(ports), Set.copyOf(ports), EnumSet.allOf(Kind.class), Set.of());
    }

    /** Every event of the sockets whose local port is one of {@code ports}: a server's accepted connections. */
    public static KernelInterest localPorts(Collection<Integer> ports) {
        requireSome(ports);
        return new KernelInterest(Set.copyOf(ports), Set.of(), EnumSet.allOf(Kind.class), Set.of());
    }

    /** Every event of the sockets whose remote port is one of {@code ports}: connections made to those ports. */
    public static KernelInterest remotePorts(Collection<Integer> ports) {
        requireSome(ports);
        return new KernelInterest(Set.of(), Set.copyOf(ports), EnumSet.allOf(Kind.class), Set.of());
    }

    /** The same sockets, only these kinds of event. */
    public KernelInterest withKinds(Set<Kind> only) {
        return new KernelInterest(localPorts, remotePorts, only, newStates);
    }

    /** The same sockets, state changes only into these states (empty: all). */
    public KernelInterest withNewStates(Set<KernelTcpState> only) {
        return new KernelInterest(localPorts, remotePorts, kinds, only);
    }

    /** Whether this is every socket of the host. */
    public boolean isHostWide() {
        return localPorts.isEmpty() && remotePorts.isEmpty();
    }

    /** Whether a socket with these ports is one of this interest's. */
    boolean matchesPorts(int local, int remote) {
        return isHostWide() || localPorts.contains(local) || remotePorts.contains(remote);
    }

    /** Whether an event of this kind and (for a state change) new state is wanted, whatever its socket. */
    boolean wantsKind(KernelTcpEvent e) {
        if (e instanceof KernelTcpEvent.StateChange s) {
            return kinds.contains(Kind.STATE_CHANGES) && (newStates.isEmpty() || newStates.contains(s.newState()));
        }
        if (e instanceof KernelTcpEvent.EventsLost) {
            return true;
        }
        return kinds.contains(kindOf(e));
    }

    /** The kind of a socket event; null for {@link KernelTcpEvent.EventsLost}, which is no tracepoint's. */
    static Kind kindOf(KernelTcpEvent e) {
        if (e instanceof KernelTcpEvent.StateChange) {
            return Kind.STATE_CHANGES;
        } else if (e instanceof KernelTcpEvent.ResetReceived) {
            return Kind.RESETS_RECEIVED;
        } else if (e instanceof KernelTcpEvent.ResetSent) {
            return Kind.RESETS_SENT;
        } else if (e instanceof KernelTcpEvent.Retransmission) {
            return Kind.RETRANSMISSIONS;
        } else if (e instanceof KernelTcpEvent.SocketDestroyed) {
            return Kind.DESTRUCTIONS;
        }
        return null;
    }

    private static void requireSome(Collection<Integer> ports) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("no ports to subscribe to (use everything() for every port)");
        }
    }

    private static Set<Integer> checkedPorts(Set<Integer> ports) {
        for (int p : Objects.requireNonNull(ports, "ports")) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + p);
            }
        }
        return Set.copyOf(ports);
    }
}
