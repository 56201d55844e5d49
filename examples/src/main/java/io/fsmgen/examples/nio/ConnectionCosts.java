package io.fsmgen.examples.nio;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.nio.ConnectionRegistry;
import io.fsmgen.tcp.nio.NioTcpHandler;
import io.fsmgen.tcp.nio.NioTcpOptions;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import io.fsmgen.tcp.nio.TransitionSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What idle connections cost a server, and what the registry costs to read: the heap per idle connection of a bare
 * NIO server (a selector loop that accepts and registers for reading, nothing else) against {@link NioTcpRuntime}
 * holding the same connections; then, with the runtime's connections still open, the time and allocation of one
 * {@code ConnectionRegistry.render(Appendable)}, {@code snapshot()} and {@code countByState(int[])} call.
 *
 * <p>The clients run in a child JVM, so that only the server's objects are in this heap. Heap in use is read after a
 * full GC ({@code System.gc()}, three times) before the clients connect and once every connection is accepted; the
 * difference over the count is the cost per connection. Allocation is the calling thread's
 * ({@code com.sun.management.ThreadMXBean}), averaged over the calls after a warm-up. Not a test: run it by hand.
 *
 * <pre>
 * mvn -q -B -DskipTests package
 * java -cp examples/target/fsmgen-examples.jar io.fsmgen.examples.nio.ConnectionCosts [connections=10000] [source]
 * </pre>
 *
 * {@code source} is the runtime's {@link TransitionSource} (default NONE: the runtime's own objects only; TRACEPOINT
 * and POLLING add what following the kernel keeps per connection).
 */
public final class ConnectionCosts {

    private ConnectionCosts() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--clients")) {
            clients(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])),
                    Integer.parseInt(args[2]));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        TransitionSource source = args.length > 1 ? TransitionSource.valueOf(args[1]) : TransitionSource.NONE;
        System.out.printf("Idle connections: %d, %s %s, heap max %d MiB, runtime's transition source %s%n", n,
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, source);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

        double bare;
        try (BareIdleServer server = new BareIdleServer(any)) {
            bare = perConnection(server.address(), n, () -> server.accepted() >= n);
        }
        System.out.printf("bare NIO server:  %,8.0f B per idle connection%n", bare);

        try (NioTcpRuntime runtime = NioTcpRuntime.open(NioTcpOptions.defaults().withThreads(1)
                .withTransitions(source))) {
            InetSocketAddress address = runtime.listen(any, 4096, new NioTcpHandler() {}).localAddress();
            ConnectionRegistry registry = runtime.registry();
            double fsmgen = perConnection(address, n, () -> registry.size() >= n + 1,
                    () -> registryCosts(registry));
            System.out.printf("NioTcpRuntime:    %,8.0f B per idle connection (%.2fx the bare server)%n", fsmgen,
                    fsmgen / bare);
        }
    }

    /** Heap per connection while {@code n} clients are connected; {@code whileConnected} runs before they leave. */
    private static double perConnection(InetSocketAddress address, int n, BooleanSupplier accepted,
                                        Runnable... whileConnected) throws Exception {
        long before = usedAfterGc();
        Process clients = new ProcessBuilder(javaCommand(address.getPort(), n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream()))) {
            String line = out.readLine();
            if (!"connected".equals(line)) {
                throw new IOException("the clients said " + line);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!accepted.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the server did not accept " + n + " connections in 60 s");
                }
                Thread.sleep(50);
            }
            long after = usedAfterGc();
            for (Runnable r : whileConnected) {
                r.run();
            }
            return (after - before) / (double) n;
        } finally {
            clients.getOutputStream().close();
            clients.waitFor(60, TimeUnit.SECONDS);
            clients.destroyForcibly();
        }
    }

    private static void registryCosts(ConnectionRegistry registry) {
        int rows = registry.size();
        StringBuilder text = new StringBuilder();
        Cost render = cost(() -> {
            text.setLength(0);
            registry.render(text);
        });
        Cost snapshot = cost(registry::snapshot);
        int[] counts = new int[TcpState.values().length];
        Cost countsByState = cost(() -> registry.countByState(counts));
        System.out.printf("registry at %,d rows:%n", rows);
        System.out.printf("  render(Appendable)    %8.2f ms, %,12.0f B per call, %6.1f B per row%n",
                render.millis(), render.bytes(), render.bytes() / rows);
        System.out.printf("  snapshot()            %8.2f ms, %,12.0f B per call, %6.1f B per row%n",
                snapshot.millis(), snapshot.bytes(), snapshot.bytes() / rows);
        System.out.printf("  countByState(int[])  %8.2f ms, %,12.0f B per call%n", countsByState.millis(),
                countsByState.bytes());
    }

    record Cost(double millis, double bytes) {}

    /** Mean time and allocation of one call, over 20 calls after 20 for warm-up. */
    private static Cost cost(Runnable call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 20; i++) {
            call.run();
        }
        long bytes = threads.getThreadAllocatedBytes(id);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            call.run();
        }
        long nanos = System.nanoTime() - start;
        bytes = threads.getThreadAllocatedBytes(id) - bytes;
        return new Cost(nanos / 20 / 1e6, bytes / 20.0);
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static List<String> javaCommand(int port, int n) {
        return List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), ConnectionCosts.class.getName(), "--clients",
                Integer.toString(port), Integer.toString(n));
    }

    /** The child: opens {@code n} connections, says so, and holds them until its standard input closes. */
    private static void clients(InetSocketAddress address, int n) throws IOException {
        List<SocketChannel> open = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            open.add(SocketChannel.open(address));
        }
        System.out.println("connected");
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the connections
        }
        for (SocketChannel c : open) {
            c.close();
        }
    }

    /** The baseline: a selector loop that accepts and registers each connection for reading, nothing more. */
    static final class BareIdleServer implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Selector selector;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int accepted;

        BareIdleServer(InetSocketAddress address) throws IOException {
            server = ServerSocketChannel.open();
            server.bind(address, 4096);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            thread = new Thread(this::run, "bare-idle");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) server.getLocalAddress();
        }

        int accepted() {
            return accepted;
        }

        private void run() {
            try {
                while (running) {
                    selector.select(100);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        if (k.isValid() && k.isAcceptable()) {
                            SocketChannel ch;
                            while ((ch = server.accept()) != null) {
                                ch.configureBlocking(false);
                                ch.register(selector, SelectionKey.OP_READ);
                                accepted++;
                            }
                        } else if (k.isValid() && k.isReadable()) {
                            k.cancel();
                            k.channel().close();
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            selector.wakeup();
            thread.join(10_000);
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
            selector.close();
            server.close();
        }
    }
}
