package io.fsmgen.tcp.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes two FINs cross for real on loopback: holds every packet on {@code lo} in a token-bucket queue while both sides
 * call {@code shutdownOutput()}, then lets them all go at once. Each FIN then reaches a socket that has already sent
 * its own, so the kernel takes both through {@code FIN_WAIT1 -> CLOSING -> (TIME_WAIT)}, every time, whatever the
 * threads' timing.
 *
 * <pre>
 * ... connect and accept ...              // the handshake must finish before the gate holds
 * try (FinGate gate = FinGate.hold()) {   // from now on lo sends nothing
 *     client.shutdownOutput();             // each FIN waits in lo's queue: both sockets in FIN_WAIT1
 *     server.shutdownOutput();
 *     gate.release();                      // both FINs leave together
 * }                                        // the queueing discipline is removed
 * </pre>
 *
 * <p>How: {@code tc qdisc add dev lo root tbf rate 8bit burst 200 limit 100000}; the first of four 100-byte UDP
 * datagrams sent to a closed port takes the bucket's tokens, the others queue, and every later packet (both FINs)
 * queues behind them, since the bucket refills at one byte a second. {@link #release()} changes the rate to 1 gbit/s
 * and sends one more datagram, whose enqueueing runs the queue. The lead verified the recipe on Linux 6.18.
 *
 * <p>Only inside a private network namespace (see {@link PrivateNetnsJvm}): it refuses to touch the {@code lo} of the
 * namespace its parent process runs in. Needs root and {@code tc} (iproute2).
 */
public final class FinGate implements AutoCloseable {

    /** The closed port the datagrams go to (discard; nothing listens in a fresh namespace). */
    private static final InetSocketAddress NOWHERE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
    private static final int DATAGRAM = 100;
    private static final int PRIMING_DATAGRAMS = 4;

    private final DatagramChannel kicker;
    private boolean released;

    private FinGate(DatagramChannel kicker) {
        this.kicker = kicker;
    }

    /** Installs the slow queue on {@code lo} and primes it: from now on nothing leaves {@code lo} until {@link #release}. */
    public static FinGate hold() throws IOException {
        requirePrivateNamespace();
        run("tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", "8bit", "burst", "200", "limit", "100000");
        DatagramChannel kicker = DatagramChannel.open();
        try {
            for (int i = 0; i < PRIMING_DATAGRAMS; i++) {
                send(kicker);
            }
        } catch (IOException e) {
            kicker.close();
            throw e;
        }
        return new FinGate(kicker);
    }

    /** Lets everything queued go: the fast rate, then one datagram to run the queue. */
    public void release() throws IOException {
        run("tc", "qdisc", "change", "dev", "lo", "root", "tbf", "rate", "1gbit", "burst", "100000", "limit",
                "100000");
        send(kicker);
        released = true;
    }

    /** Releases if not done yet, and removes the queueing discipline. */
    @Override
    public void close() throws IOException {
        try (kicker) {
            if (!released) {
                release();
            }
        } finally {
            run("tc", "qdisc", "del", "dev", "lo", "root");
        }
    }

    private static void send(DatagramChannel channel) throws IOException {
        channel.send(ByteBuffer.allocate(DATAGRAM), NOWHERE);
    }

    private static void requirePrivateNamespace() throws IOException {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid)
                .orElseThrow(() -> new IOException("no parent process to compare network namespaces with"));
        Path mine = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        Path theirs = Files.readSymbolicLink(Path.of("/proc/" + parent + "/ns/net"));
        if (mine.equals(theirs)) {
            throw new IOException("FinGate changes lo: run it in a network namespace of its own (PrivateNetnsJvm), "
                    + "not in its parent's (" + mine + ")");
        }
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + List.of(command), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
        }
    }
}
