package io.fsmgen.tcp.nio;

/**
 * Where a {@link NioTcpRuntime} learns the transitions that no socket call reports: the ACK of our FIN, FINs that
 * cross, the end of LAST_ACK, the start and end of TIME_WAIT, a RST while nothing reads. Chosen with
 * {@link NioTcpOptions#withTransitions}; {@link NioTcpRuntime#transitionSource()} says which one is in use and why.
 */
public enum TransitionSource {
    /** The tracepoint where it can be used, else polling, else estimates. The default. */
    AUTO,
    /**
     * The kernel's own state changes, as they happen, from the {@code sock:inet_sock_set_state} tracepoint through a
     * private tracefs instance (Linux, root). The machine takes exactly the kernel's path.
     */
    TRACEPOINT,
    /**
     * Snapshots of the kernel's TCP table ({@code ss}, else {@code /proc/net/tcp}) taken while a connection waits on a
     * hidden transition. Sees states, not the changes between two looks: a FIN_WAIT_2 shorter than the poll is missed.
     */
    POLLING,
    /** No kernel view: hidden transitions are the local timer's estimate, marked unobserved. */
    NONE;
}
