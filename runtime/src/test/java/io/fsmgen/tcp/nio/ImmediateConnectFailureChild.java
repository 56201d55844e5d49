package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A connect that fails at once, run in a {@link io.fsmgen.tcp.testing.PrivateNetnsJvm} (only {@code lo} up) by
 * {@link ImmediateConnectFailureTest}. Argument {@code UNROUTABLE} connects where no route leads (ENETUNREACH),
 * {@code PROHIBITED} where a {@code prohibit} route leads (EACCES), {@code NO_FREE_PORT} to {@code lo} once the
 * namespace's one ephemeral port is bound (EADDRNOTAVAIL); then {@code 4} or {@code 6}, the family, and the runtime's
 * transition source. Prints each transition of the machine ({@code step FROM --EVENT--> TO}); the kernel's own
 * changes of the connecting socket, read from the tracepoint ({@code kernel OLD -> NEW}, or {@code kernel unseen} with
 * no tracefs); then {@code closed CAUSE detail}, {@code state STATE} and {@code registry SIZE}.
 */
final class ImmediateConnectFailureChild {

    /** The port connected to: a socket's {@code CLOSE -> SYN_SENT} carries only its remote port. */
    private static final int PORT = 7;

    private ImmediateConnectFailureChild() {}

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        boolean v6 = args[1].equals("6");
        TransitionSource source = TransitionSource.valueOf(args[2]);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(switch (scenario) {
            case "UNROUTABLE" -> v6 ? "2001:db8::2" : "10.77.0.2";
            case "PROHIBITED" -> v6 ? "2001:db8:1::2" : "10.78.0.2";
            default -> v6 ? "::1" : "127.0.0.1";
        }), PORT);
        if (scenario.equals("PROHIBITED")) {
            run("ip", v6 ? "-6" : "-4", "route", "add", "prohibit", v6 ? "2001:db8:1::/48" : "10.78.0.0/16");
        }
        ServerSocketChannel portHolder = null;
        if (scenario.equals("NO_FREE_PORT")) {
            Files.writeString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"), "40000 40000");
            portHolder = ServerSocketChannel.open(); // bound, not listening: connect() cannot take its port
            portHolder.bind(new InetSocketAddress(target.getAddress(), 40000));
        }
        List<String> steps = new CopyOnWriteArrayList<>();
        List<String> kernel = new CopyOnWriteArrayList<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        NioTcpHandler handler = new NioTcpHandler() {
            @Override
            public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                closed.complete(cause + " " + detail);
            }
        };
        KernelTransitionSource trace = KernelTransitionSource.availability().isAvailable()
                ? KernelTransitionSource.open() : null;
        try (NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(source))) {
            rt.addListener((endpoint, from, event, to) -> steps.add(from + " --" + event + "--> " + to));
            if (trace != null) {
                trace.subscribe(List.of(PORT), e -> {
                    if (e instanceof KernelTcpEvent.StateChange change
                            && change.remote().getAddress().equals(target.getAddress())) {
                        kernel.add(change.oldState() + " -> " + change.newState());
                    }
                });
            }
            NioTcpConnection c = rt.connect(target, handler);
            String end = closed.get(30, TimeUnit.SECONDS);
            if (trace != null && !trace.sync(Duration.ofSeconds(30))) {
                throw new AssertionError("the kernel's trace did not catch up in 30 s");
            }
            steps.forEach(step -> System.out.println("step " + step));
            if (trace == null) {
                System.out.println("kernel unseen");
            }
            kernel.forEach(change -> System.out.println("kernel " + change));
            System.out.println("closed " + end);
            System.out.println("state " + c.state());
            System.out.println("registry " + rt.registry().size());
        } finally {
            if (trace != null) {
                trace.close();
            }
            if (portHolder != null) {
                portHolder.close();
            }
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed");
        }
    }
}
