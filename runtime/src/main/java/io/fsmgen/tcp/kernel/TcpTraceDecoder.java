package io.fsmgen.tcp.kernel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns raw ring-buffer records of the TCP tracepoints into {@link KernelTcpEvent}s, using the field offsets of each
 * event's {@code format} file, and recognises the source's own {@code trace_marker} writes ({@code ftrace:print}).
 *
 * <p>Addresses: the tracepoints store an IPv4 socket's addresses also as IPv4-mapped IPv6 ({@code saddr_v6}), so the
 * IPv6 fields are read for both families and {@link InetAddress#getByAddress(byte[])} turns a mapped address into
 * the plain IPv4 one. {@code tcp_send_reset} stores socket addresses ({@code struct sockaddr_in6}, 28 bytes) since
 * Linux 5.x; older layouts with {@code sport}/{@code saddr_v6} fields are read like the other events.
 *
 * <p>Never throws on a record: a record it cannot read (too short, an unknown state code) goes to
 * {@link Sink#malformed(String)} with a description and its bytes.
 */
final class TcpTraceDecoder {

    /** Where decoded records go. Called on the decoding thread. */
    interface Sink {
        void event(KernelTcpEvent event);

        /** A {@code trace_marker} write (without its trailing newline). */
        void marker(long timestamp, String text);

        void malformed(String description);
    }

    static final String SET_STATE = "sock/inet_sock_set_state";
    static final String SEND_RESET = "tcp/tcp_send_reset";
    static final String RECEIVE_RESET = "tcp/tcp_receive_reset";
    static final String RETRANSMIT = "tcp/tcp_retransmit_skb";
    static final String DESTROY = "tcp/tcp_destroy_sock";
    static final String PRINT = "ftrace/print";

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int IPPROTO_TCP = 6;
    private static final Pattern REASONS = Pattern.compile("REC->reason,\\s*((?:\\{\\s*\\d+,\\s*\"[^\"]*\"\\s*\\},?\\s*)+)");
    private static final Pattern REASON = Pattern.compile("\\{\\s*(\\d+),\\s*\"([^\"]*)\"\\s*\\}");

    private final Map<Integer, Kind> kinds = new HashMap<>();
    private final Map<Integer, TraceEventFormat> formats = new HashMap<>();
    private final Map<Long, String> resetReasons;

    private enum Kind { SET_STATE, SEND_RESET, RECEIVE_RESET, RETRANSMIT, DESTROY, PRINT }

    /**
     * A decoder for the given formats, keyed by {@code system/name} (the constants of this class); the print event
     * is required, each TCP event optional (a kernel may lack it).
     *
     * @param sendResetPrintFormat the {@code print fmt} line of {@code tcp_send_reset}, for its reason names, or ""
     */
    TcpTraceDecoder(Map<String, TraceEventFormat> byPath, String sendResetPrintFormat) {
        add(byPath, SET_STATE, Kind.SET_STATE);
        add(byPath, SEND_RESET, Kind.SEND_RESET);
        add(byPath, RECEIVE_RESET, Kind.RECEIVE_RESET);
        add(byPath, RETRANSMIT, Kind.RETRANSMIT);
        add(byPath, DESTROY, Kind.DESTROY);
        add(byPath, PRINT, Kind.PRINT);
        this.resetReasons = reasonNames(sendResetPrintFormat);
    }

    private void add(Map<String, TraceEventFormat> byPath, String path, Kind kind) {
        TraceEventFormat f = byPath.get(path);
        if (f != null) {
            kinds.put(f.id(), kind);
            formats.put(f.id(), f);
        }
    }

    /** The reason names of {@code __print_symbolic(REC->reason, { 0, "NOT_SPECIFIED" }, ...)}. */
    static Map<Long, String> reasonNames(String printFormat) {
        Map<Long, String> names = new HashMap<>();
        Matcher m = REASONS.matcher(printFormat);
        if (m.find()) {
            Matcher r = REASON.matcher(m.group(1));
            while (r.find()) {
                names.put(Long.parseLong(r.group(1)), r.group(2));
            }
        }
        return Map.copyOf(names);
    }

    /** Decodes one record ({@link RingBufferPage.RecordSink} arguments) into {@code sink}. */
    void decode(long timestamp, ByteBuffer b, int offset, int length, Sink sink) {
        if (length < 2) {
            sink.malformed("record of " + length + " bytes " + hex(b, offset, length));
            return;
        }
        int type = b.getShort(offset) & 0xffff;
        Kind kind = kinds.get(type);
        if (kind == null) {
            return;
        }
        TraceEventFormat format = formats.get(type);
        try {
            Record r = new Record(format, b, offset, length);
            switch (kind) {
                case PRINT -> sink.marker(timestamp, r.string("buf"));
                case SET_STATE -> {
                    if (format.field("protocol").isPresent() && r.unsigned("protocol") != IPPROTO_TCP) {
                        return;
                    }
                    sink.event(new KernelTcpEvent.StateChange(timestamp, r.unsigned("skaddr"), r.local(), r.remote(),
                            r.state("oldstate"), r.state("newstate")));
                }
                case RECEIVE_RESET -> sink.event(new KernelTcpEvent.ResetReceived(timestamp, r.unsigned("skaddr"),
                        r.local(), r.remote()));
                case DESTROY -> sink.event(new KernelTcpEvent.SocketDestroyed(timestamp, r.unsigned("skaddr"),
                        r.local(), r.remote()));
                case RETRANSMIT -> sink.event(new KernelTcpEvent.Retransmission(timestamp, r.unsigned("skaddr"),
                        r.local(), r.remote(), r.state("state")));
                case SEND_RESET -> sink.event(sendReset(timestamp, r, format));
            }
        } catch (MalformedRecord e) {
            sink.malformed(format.name() + ": " + e.getMessage() + " in " + hex(b, offset, length));
        }
    }

    private KernelTcpEvent.ResetSent sendReset(long timestamp, Record r, TraceEventFormat format) {
        long socket = r.unsigned("skaddr");
        Optional<KernelTcpState> state = Optional.empty();
        if (format.field("state").isPresent()) {
            long code = r.unsigned("state");
            state = code == 0 ? Optional.empty() : Optional.of(r.state("state"));
        }
        Optional<String> reason = format.field("reason").map(f -> {
            long code = r.unsigned("reason");
            return resetReasons.getOrDefault(code, Long.toString(code));
        });
        boolean sockaddr = format.field("saddr").map(f -> f.size() >= 16).orElse(false);
        InetSocketAddress local = sockaddr ? r.sockaddr("saddr") : r.local();
        InetSocketAddress remote = sockaddr ? r.sockaddr("daddr") : r.remote();
        return new KernelTcpEvent.ResetSent(timestamp, socket, local, remote, state, reason);
    }

    /** A record being read; every accessor checks bounds and throws {@link MalformedRecord}. */
    private record Record(TraceEventFormat format, ByteBuffer b, int offset, int length) {

        TraceEventFormat.Field field(String name) {
            TraceEventFormat.Field f = format.field(name)
                    .orElseThrow(() -> new MalformedRecord("no field " + name + " in this kernel's format"));
            if (f.offset() + f.size() > length) {
                throw new MalformedRecord("field " + name + " at " + f.offset() + "+" + f.size()
                        + " beyond the record's " + length + " bytes");
            }
            return f;
        }

        long unsigned(String name) {
            TraceEventFormat.Field f = field(name);
            int at = offset + f.offset();
            return switch (f.size()) {
                case 1 -> b.get(at) & 0xffL;
                case 2 -> b.getShort(at) & 0xffffL;
                case 4 -> b.getInt(at) & 0xffffffffL;
                case 8 -> b.getLong(at);
                default -> throw new MalformedRecord("field " + name + " has size " + f.size());
            };
        }

        KernelTcpState state(String name) {
            long code = unsigned(name);
            KernelTcpState state = code > Integer.MAX_VALUE ? null : KernelTcpState.ofCode((int) code);
            if (state == null) {
                throw new MalformedRecord("unknown TCP state " + code + " in " + name);
            }
            return state;
        }

        InetSocketAddress local() {
            return address("saddr", "sport");
        }

        InetSocketAddress remote() {
            return address("daddr", "dport");
        }

        private InetSocketAddress address(String addr, String port) {
            byte[] bytes;
            if (format.field(addr + "_v6").isPresent()) {
                bytes = bytes(addr + "_v6", 16);
                if (format.field("family").isPresent()) {
                    long family = unsigned("family");
                    if (family == AF_INET && isZero(bytes)) {
                        bytes = bytes(addr, 4);
                    } else if (family != AF_INET && family != AF_INET6) {
                        throw new MalformedRecord("unknown address family " + family);
                    }
                }
            } else {
                bytes = bytes(addr, 4);
            }
            return socketAddress(bytes, (int) unsigned(port));
        }

        /** A {@code struct sockaddr_in} or {@code sockaddr_in6} stored in a byte array field. */
        InetSocketAddress sockaddr(String name) {
            TraceEventFormat.Field f = field(name);
            int at = offset + f.offset();
            int family = b.getShort(at) & 0xffff;
            int port = ((b.get(at + 2) & 0xff) << 8) | (b.get(at + 3) & 0xff);
            byte[] bytes;
            if (family == AF_INET) {
                bytes = new byte[4];
                b.get(at + 4, bytes);
            } else if (family == AF_INET6 && f.size() >= 24) {
                bytes = new byte[16];
                b.get(at + 8, bytes);
            } else {
                throw new MalformedRecord("unknown address family " + family + " in " + name);
            }
            return socketAddress(bytes, port);
        }

        byte[] bytes(String name, int size) {
            TraceEventFormat.Field f = field(name);
            if (f.size() != size) {
                throw new MalformedRecord("field " + name + " has " + f.size() + " bytes, expected " + size);
            }
            byte[] bytes = new byte[size];
            b.get(offset + f.offset(), bytes);
            return bytes;
        }

        String string(String name) {
            TraceEventFormat.Field f = format.field(name)
                    .orElseThrow(() -> new MalformedRecord("no field " + name));
            int start = offset + f.offset();
            int end = start;
            int limit = offset + length;
            while (end < limit && b.get(end) != 0) {
                end++;
            }
            byte[] bytes = new byte[Math.max(0, end - start)];
            b.get(start, bytes);
            String s = new String(bytes, StandardCharsets.UTF_8);
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        }
    }

    private static boolean isZero(byte[] bytes) {
        for (byte x : bytes) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetSocketAddress socketAddress(byte[] bytes, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw new MalformedRecord("address of " + bytes.length + " bytes");
        }
    }

    private static String hex(ByteBuffer b, int offset, int length) {
        StringBuilder s = new StringBuilder("[");
        int n = Math.max(0, Math.min(length, Math.min(128, b.limit() - offset)));
        for (int i = 0; i < n; i++) {
            s.append(String.format("%02x", b.get(offset + i)));
        }
        return s.append(n < length ? "...]" : "]").toString();
    }

    /** A record this decoder cannot read; caught in {@link #decode}, never leaves this class. */
    private static final class MalformedRecord extends RuntimeException {
        MalformedRecord(String message) {
            super(message, null, false, false);
        }
    }
}
