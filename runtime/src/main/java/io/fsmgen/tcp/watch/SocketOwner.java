package io.fsmgen.tcp.watch;

/**
 * The process holding a socket open, found through {@code /proc/<pid>/fd} links to {@code socket:[inode]}.
 *
 * @param pid     process id
 * @param command its {@code /proc/<pid>/comm}
 */
public record SocketOwner(long pid, String command) {}
