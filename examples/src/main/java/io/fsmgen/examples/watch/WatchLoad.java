package io.fsmgen.examples.watch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load of {@link WatchBenchmark}, run by it inside a private network namespace, as two processes (a process may
 * hold at most {@code ulimit -n} descriptors, 20,000 on the machines this was written on, and each held connection
 * takes two):
 * <ul>
 *   <li>{@code server held}: sets the namespace up, listens on {@code 127.0.0.1:9000}, keeps the first {@code held}
 *       connections it accepts, and closes every later one when its client's FIN arrives; prints {@code listening};
 *   <li>{@code client held rate seconds threads}: opens {@code held} connections and keeps them (prints
 *       {@code held N}), then opens and closes short connections at {@code rate} per second for {@code seconds} (prints
 *       {@code second T C} for each second, C connections completed in it, and {@code churned N S} at the end).
 * </ul>
 * The client closes first and the server on end-of-stream: ten kernel state changes per short connection, five per
 * side. Both keep their connections until their standard input closes, then exit.
 *
 * <p>The server changes its namespace's settings so that the churn never runs out of ports: the whole port range,
 * and no TIME_WAIT minisockets ({@code tcp_max_tw_buckets = 0}: the full socket still goes {@code FIN_WAIT2 -> CLOSE},
 * so the kernel's events are the same, but the 4-tuple is free at once). Both refuse to run in the namespace of
 * the process that started them.
 */
public final class WatchLoad {

    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9000);

    private WatchLoad() {}

    public static void main(String[] args) throws Exception {
        String mine = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        String host = Files.readSymbolicLink(Path.of("/proc/" + parent + "/ns/net")).toString();
        if (mine.equals(host)) {
            System.err.println("WatchLoad changes its network namespace's settings: run it under unshare -n");
            System.exit(2);
        }
        if (args.length == 2 && args[0].equals("server")) {
            server(Integer.parseInt(args[1]));
        } else if (args.length == 5 && args[0].equals("client")) {
            client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
        } else {
            System.err.println("usage: WatchLoad server held | client held rate seconds threads (see WatchBenchmark)");
            System.exit(2);
        }
    }

    private static void server(int held) throws Exception {
        run(new String[] {"ip", "link", "set", "lo", "up"});
        Files.writeString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"), "1024 65000");
        Files.writeString(Path.of("/proc/sys/net/ipv4/tcp_max_tw_buckets"), "0");
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(SERVER, 4096);
            Closer closer = new Closer(server, held);
            Thread closerThread = new Thread(closer, "load-server");
            closerThread.setDaemon(true);
            closerThread.start();
            System.out.println("listening");
            awaitEndOfInput();
        }
    }

    private static void client(int held, int rate, int seconds, int threads) throws Exception {
        List<SocketChannel> kept = new ArrayList<>(held);
        for (int i = 0; i < held; i++) {
            kept.add(SocketChannel.open(SERVER));
        }
        System.out.println("held " + held);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int self = t;
            Thread c = new Thread(() -> churn(self, threads, rate, start, end, done), "load-client-" + t);
            c.start();
            clients.add(c);
        }
        long previous = 0;
        for (int s = 1; s <= seconds; s++) {
            LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(s) - System.nanoTime());
            long now = done.get();
            System.out.println("second " + s + " " + (now - previous));
            previous = now;
        }
        for (Thread c : clients) {
            c.join();
        }
        System.out.printf("churned %d %.3f%n", done.get(), (System.nanoTime() - start) / 1e9);
        awaitEndOfInput();
        for (SocketChannel c : kept) {
            c.close();
        }
    }

    private static void awaitEndOfInput() throws IOException {
        while (System.in.read() >= 0) {
            // the driver says nothing: it only closes
        }
    }

    /** One client thread: its share of the rate, each connection opened and closed at its scheduled time. */
    private static void churn(int self, int threads, int rate, long start, long end, AtomicLong done) {
        long interval = TimeUnit.SECONDS.toNanos(1) * threads / rate;
        long next = start + interval * self / threads;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            try (SocketChannel c = SocketChannel.open(SERVER)) {
                done.incrementAndGet();
            } catch (IOException e) {
                System.err.println("load client: " + e);
                return;
            }
            next += interval;
        }
    }

    private static void run(String[] command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue());
        }
    }

    /**
     * The server side: accepts every connection; closes a churned one when its client's FIN arrives; keeps the first
     * {@code held} accepted ones open.
     */
    private static final class Closer implements Runnable {
        private final ServerSocketChannel server;
        private final List<SocketChannel> kept = new ArrayList<>();
        private final int held;

        Closer(ServerSocketChannel server, int held) {
            this.server = server;
            this.held = held;
        }

        private boolean keep(SocketChannel c) {
            if (kept.size() < held) {
                kept.add(c);
                return true;
            }
            return false;
        }

        @Override
        public void run() {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            try (Selector selector = Selector.open()) {
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                while (true) {
                    selector.select();
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey k = keys.next();
                        keys.remove();
                        if (k.isAcceptable()) {
                            SocketChannel c;
                            while ((c = server.accept()) != null) {
                                if (!keep(c)) {
                                    c.configureBlocking(false);
                                    c.register(selector, SelectionKey.OP_READ);
                                }
                            }
                        } else if (k.isReadable()) {
                            SocketChannel c = (SocketChannel) k.channel();
                            buffer.clear();
                            if (c.read(buffer) < 0) {
                                c.close();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                System.err.println("load server: " + e);
            }
        }
    }
}
