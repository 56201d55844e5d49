package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.SsFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every endpoint of a runtime whose machine is not CLOSED: listeners, open connections, and connections the
 * application has closed but that the kernel still holds (FIN_WAIT_*, CLOSING, LAST_ACK, TIME_WAIT). An endpoint
 * leaves when its machine reaches CLOSED. Thread-safe; snapshots are weakly consistent.
 */
public final class ConnectionRegistry {

    private final ConcurrentHashMap<Long, NioTcpEndpoint> endpoints = new ConcurrentHashMap<>();

    ConnectionRegistry() {}

    void add(NioTcpEndpoint e) {
        endpoints.put(e.id(), e);
    }

    void remove(NioTcpEndpoint e) {
        endpoints.remove(e.id());
    }

    /** How many endpoints are tracked. */
    public int size() {
        return endpoints.size();
    }

    /** The tracked endpoints, by id. */
    public List<NioTcpEndpoint> endpoints() {
        List<NioTcpEndpoint> list = new ArrayList<>(endpoints.values());
        list.sort(Comparator.comparingLong(NioTcpEndpoint::id));
        return list;
    }

    /** One row per tracked endpoint, by id. */
    public List<ConnectionInfo> snapshot() {
        List<ConnectionInfo> rows = new ArrayList<>(endpoints.size());
        for (NioTcpEndpoint e : endpoints()) {
            rows.add(e.info());
        }
        return rows;
    }

    /** How many tracked endpoints are in each state; states with none are absent. */
    public Map<TcpState, Integer> countsByState() {
        Map<TcpState, Integer> counts = new EnumMap<>(TcpState.class);
        for (NioTcpEndpoint e : endpoints.values()) {
            counts.merge(e.state(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /**
     * An {@code ss -tan}-style table: state, queue, addresses, time in state, bytes in and out, handler. A state
     * marked {@code ~} is the local timer's estimate (the kernel's table was not readable).
     */
    public String render() {
        List<ConnectionInfo> rows = snapshot();
        int width = "Local Address:Port".length();
        for (ConnectionInfo r : rows) {
            width = Math.max(width, Math.max(local(r).length(), peer(r).length()));
        }
        String format = "%-11s %6s %-" + width + "s %-" + width + "s %8s %9s %9s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(format, "State", "Send-Q", "Local Address:Port", "Peer Address:Port", "Age(ms)",
                "Bytes-In", "Bytes-Out", "Handler"));
        for (ConnectionInfo r : rows) {
            String state = r.state().name().replace('_', '-') + (r.observed() ? "" : "~");
            sb.append(String.format(format, state, r.queuedBytes(), local(r), peer(r), r.timeInState().toMillis(),
                    r.bytesIn(), r.bytesOut(), r.handler()));
        }
        return sb.toString();
    }

    private static String local(ConnectionInfo r) {
        return r.local() == null ? "*" : SsFormat.address(r.local());
    }

    private static String peer(ConnectionInfo r) {
        return r.remote() == null ? "*:*" : SsFormat.address(r.remote());
    }

    @Override
    public String toString() {
        return render();
    }
}
