package io.fsmgen.examples.watch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process that owns sockets for {@link WatchCommandTest}: connects to each port given on the loopback
 * address, prints {@code connected <local port>} for each, then holds them (never reading, so a peer's FIN leaves them
 * in CLOSE_WAIT) until its standard input closes.
 */
final class SocketHolder {

    private SocketHolder() {}

    public static void main(String[] args) throws Exception {
        List<SocketChannel> held = new ArrayList<>();
        for (String port : args) {
            SocketChannel c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(port)));
            held.add(c);
            System.out.println("connected " + ((InetSocketAddress) c.getLocalAddress()).getPort());
        }
        while (System.in.read() >= 0) {
            // held until the parent closes our input
        }
        for (SocketChannel c : held) {
            c.close();
        }
    }
}
