/**
 * What Java cannot do on Linux by itself, for the endpoint's real links and for tests that need a host of their
 * own: {@link io.fsmgen.linux.TunDevice} (a TUN device through the JNI library {@code libfsmgen-linux.so}, which the
 * build compiles with gcc), {@link io.fsmgen.linux.NetworkNamespace} (a private network namespace that is always
 * deleted, with commands and Java threads inside it), {@link io.fsmgen.linux.Command} (short system commands with a
 * timeout and their error text).
 *
 * <p>Everything here needs root ({@code CAP_NET_ADMIN}, and {@code CAP_SYS_ADMIN} for namespaces). Each class says
 * beforehand, through {@code unavailableReason()}, whether this process can use it and why not, and fails with that
 * reason rather than a bare errno.
 */
package io.fsmgen.linux;
