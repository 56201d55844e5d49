package io.fsmgen.tcp.nio;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A connect that the kernel refuses, run in a {@link io.fsmgen.tcp.testing.PrivateNetnsJvm} (only {@code lo} up,
 * nothing listening) by {@link ConnectRefusalTest}, in whatever language the test gave the child. Argument: the
 * runtime's transition source. Prints the JDK's own text for the refusal of a plain channel ({@code strerror TEXT}),
 * then the runtime's connection: each transition of its machine ({@code step FROM --EVENT--> TO}), {@code closed CAUSE
 * detail}, {@code state STATE} and {@code registry SIZE}.
 */
final class RefusedConnectChild {

    /** A port nothing listens on in the child's fresh namespace: the kernel answers the SYN with a RST. */
    private static final int PORT = 7;

    private RefusedConnectChild() {}

    public static void main(String[] args) throws Exception {
        TransitionSource source = TransitionSource.valueOf(args[0]);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT);
        try (SocketChannel plain = SocketChannel.open()) {
            plain.connect(target);
            throw new AssertionError("connected to " + target + ", where nothing should listen");
        } catch (ConnectException e) {
            System.out.println("strerror " + e.getMessage());
        }
        List<String> steps = new CopyOnWriteArrayList<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        NioTcpHandler handler = new NioTcpHandler() {
            @Override
            public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                closed.complete(cause + " " + detail);
            }
        };
        try (NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(source))) {
            rt.addListener((endpoint, from, event, to) -> steps.add(from + " --" + event + "--> " + to));
            NioTcpConnection c = rt.connect(target, handler);
            String end = closed.get(30, TimeUnit.SECONDS);
            steps.forEach(step -> System.out.println("step " + step));
            System.out.println("closed " + end);
            System.out.println("state " + c.state());
            System.out.println("registry " + rt.registry().size());
        }
    }
}
