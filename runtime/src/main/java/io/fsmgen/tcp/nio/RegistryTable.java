package io.fsmgen.tcp.nio;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import io.fsmgen.tcp.kernel.SsFormat;

/**
 * Writes the registry's {@code ss -tan}-style table straight into an {@link Appendable}, a character at a time
 * for numbers and IPv4 addresses: no {@code String.format}, no string per cell. Two passes over the rows, one for the
 * address column's width and one to write. A handler's text is computed once per run of rows with the same handler
 * (connections of one listener share theirs).
 */
final class RegistryTable {

    private static final String HEADER_LOCAL = "Local Address:Port";
    private static final String HEADER_PEER = "Peer Address:Port";

    private final Appendable out;
    private final RegistryRow row = new RegistryRow();
    private NioTcpHandler lastHandler;
    private String lastHandlerText;

    RegistryTable(Appendable out) {
        this.out = out;
    }

    void write(NioTcpEndpoint[] endpoints, long nowNanos) throws IOException {
        int width = HEADER_LOCAL.length();
        for (NioTcpEndpoint e : endpoints) {
            row.of(e);
            width = Math.max(width, Math.max(addressLength(row.local, "*"), addressLength(row.remote, "*:*")));
        }
        // The columns of "%-11s %6s %-Ws %-Ws %8s %9s %9s  %s".
        left("State", 11).right("Send-Q", 6).left(HEADER_LOCAL, width).left(HEADER_PEER, width)
                .right("Age(ms)", 8).right("Bytes-In", 9);
        pad(9 - "Bytes-Out".length());
        out.append("Bytes-Out  Handler\n");
        for (NioTcpEndpoint e : endpoints) {
            row.of(e);
            String state = row.state.name();
            int stateLength = state.length() + (row.observed ? 0 : 1);
            for (int i = 0; i < state.length(); i++) {
                char c = state.charAt(i);
                out.append(c == '_' ? '-' : c);
            }
            if (!row.observed) {
                out.append('~');
            }
            pad(Math.max(0, 11 - stateLength) + 1);
            right(row.queuedBytes, 6);
            address(row.local, "*", width);
            address(row.remote, "*:*", width);
            right((nowNanos - row.stateSinceNanos) / 1_000_000, 8);
            right(row.bytesIn, 9);
            pad(9 - digits(row.bytesOut));
            number(row.bytesOut);
            out.append("  ").append(handlerText(row.handler)).append('\n');
        }
    }

    private String handlerText(NioTcpHandler handler) {
        if (handler != lastHandler) {
            lastHandler = handler;
            lastHandlerText = HandlerName.of(handler);
        }
        return lastHandlerText;
    }

    private RegistryTable left(String text, int width) throws IOException {
        out.append(text);
        pad(width - text.length() + 1);
        return this;
    }

    private RegistryTable right(String text, int width) throws IOException {
        pad(width - text.length());
        out.append(text).append(' ');
        return this;
    }

    private void right(long value, int width) throws IOException {
        pad(width - digits(value));
        number(value);
        out.append(' ');
    }

    private void address(InetSocketAddress address, String none, int width) throws IOException {
        int length = addressLength(address, none);
        if (address == null) {
            out.append(none);
        } else if (address.getAddress() instanceof Inet4Address ip4) {
            byte[] bytes = ip4.getAddress();
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    out.append('.');
                }
                number(bytes[i] & 0xff);
            }
            out.append(':');
            port(address);
        } else {
            out.append(SsFormat.address(address));
        }
        pad(width - length + 1);
    }

    /** The length of the address as {@link SsFormat#address} writes it; IPv6 is formatted to count. */
    static int addressLength(InetSocketAddress address, String none) {
        if (address == null) {
            return none.length();
        }
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet4Address ip4) {
            byte[] bytes = ip4.getAddress();
            int length = 3 + 1;
            for (byte b : bytes) {
                length += digits(b & 0xff);
            }
            return length + (address.getPort() == 0 ? 1 : digits(address.getPort()));
        }
        return SsFormat.address(address).length();
    }

    private void port(InetSocketAddress address) throws IOException {
        if (address.getPort() == 0) {
            out.append('*');
        } else {
            number(address.getPort());
        }
    }

    private void number(long value) throws IOException {
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        long divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.append((char) ('0' + (value / divisor) % 10));
        }
    }

    private static int digits(long value) {
        int n = value < 0 ? 2 : 1;
        for (long v = Math.abs(value); v >= 10; v /= 10) {
            n++;
        }
        return n;
    }

    private void pad(int spaces) throws IOException {
        for (int i = 0; i < spaces; i++) {
            out.append(' ');
        }
    }
}
