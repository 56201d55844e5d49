package io.fsmgen.tcp.nio;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link ErrnoTextsTest} in a {@link io.fsmgen.tcp.testing.PrivateNetnsJvm}, in the language the test gave it.
 * Argument: glibc's text for ENOBUFS in that language. Prints the JDK's text for a refused connect
 * ({@code strerror TEXT}); then opens a runtime, whose connect is refused on its loop (where the texts used to be learnt
 * on first need), and prints the thread that learnt the texts ({@code learnt-on NAME}) and whether a connect failing
 * with the given ENOBUFS text is taken as one that passed SYN_SENT ({@code enobufs-passed-syn-sent BOOLEAN}).
 */
final class ErrnoTextsChild {

    /** A port nothing listens on in the child's fresh namespace: the kernel answers the SYN with a RST. */
    private static final int PORT = 7;

    private ErrnoTextsChild() {}

    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT);
        try (SocketChannel plain = SocketChannel.open()) {
            plain.connect(target);
            throw new AssertionError("connected to " + target + ", where nothing should listen");
        } catch (ConnectException e) {
            System.out.println("strerror " + e.getMessage());
        }
        CompletableFuture<CloseCause> closed = new CompletableFuture<>();
        NioTcpHandler handler = new NioTcpHandler() {
            @Override
            public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                closed.complete(cause);
            }
        };
        try (NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(TransitionSource.NONE))) {
            rt.connect(target, handler);
            System.out.println("closed " + closed.get(30, TimeUnit.SECONDS));
        }
        System.out.println("learnt-on " + ErrnoTexts.learn());
        System.out.println("enobufs-passed-syn-sent "
                + ImmediateConnectFailure.passedSynSent(new SocketException(args[0])));
    }
}
