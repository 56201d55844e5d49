package io.fsmgen.tcp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's {@code TcpExt} counters ({@code /proc/net/netstat}, what {@code nstat} shows) of the network namespace
 * this process runs in: they are kept per namespace, so a test in a {@link PrivateNetnsJvm} reads its own, and a
 * difference between two reads counts only what its sockets made the kernel do (a listener's overflow, an embryonic
 * reset, a syncookie sent or checked). The file holds pairs of lines, a header of names and a line of values, each
 * starting with its group ({@code TcpExt:}).
 */
public final class TcpExtCounters {

    private static final Path NETSTAT = Path.of("/proc/net/netstat");
    private static final String GROUP = "TcpExt:";

    private final Map<String, Long> values;

    private TcpExtCounters(Map<String, Long> values) {
        this.values = values;
    }

    /** The counters now. */
    public static TcpExtCounters read() throws IOException {
        List<String> lines = Files.readAllLines(NETSTAT);
        Map<String, Long> values = new HashMap<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith(GROUP) && lines.get(i + 1).startsWith(GROUP)) {
                String[] names = lines.get(i).split("\\s+");
                String[] numbers = lines.get(i + 1).split("\\s+");
                for (int k = 1; k < Math.min(names.length, numbers.length); k++) {
                    values.put(names[k], Long.parseLong(numbers[k]));
                }
                break;
            }
        }
        if (values.isEmpty()) {
            throw new IOException("no TcpExt counters in " + NETSTAT + ": " + lines);
        }
        return new TcpExtCounters(values);
    }

    /**
     * How much {@code name} grew since {@code before}.
     *
     * @throws IllegalArgumentException if this kernel has no such counter
     */
    public long since(TcpExtCounters before, String name) {
        Long now = values.get(name);
        Long then = before.values.get(name);
        if (now == null || then == null) {
            throw new IllegalArgumentException("no TcpExt counter " + name + " here: " + values.keySet());
        }
        return now - then;
    }
}
