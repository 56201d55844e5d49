package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every endpoint of a runtime whose machine is not CLOSED: listeners, open connections, and connections the
 * application has closed but that the kernel still holds (FIN_WAIT_*, CLOSING, LAST_ACK, TIME_WAIT). An endpoint
 * leaves when its machine reaches CLOSED. Thread-safe; snapshots are weakly consistent.
 *
 * <p>Reading it is cheap enough for a scrape interval or a live page: {@link #render(Appendable)} streams the table
 * without a string per cell, {@link #snapshot()} allocates one row record per endpoint, and
 * {@link #countByState(int[])} allocates nothing.
 */
public final class ConnectionRegistry {

    private static final int STATES = TcpState.values().length;

    private final EndpointTable endpoints = new EndpointTable();

    ConnectionRegistry() {}

    void add(NioTcpEndpoint e) {
        endpoints.put(e);
    }

    void remove(NioTcpEndpoint e) {
        endpoints.remove(e);
    }

    /** How many endpoints are tracked. */
    public int size() {
        return endpoints.size();
    }

    /** The tracked endpoints, by id. */
    public List<NioTcpEndpoint> endpoints() {
        return Collections.unmodifiableList(Arrays.asList(endpoints.sortedById()));
    }

    /** One row per tracked endpoint, by id. */
    public List<ConnectionInfo> snapshot() {
        NioTcpEndpoint[] sorted = endpoints.sortedById();
        List<ConnectionInfo> rows = new ArrayList<>(sorted.length);
        RegistryRow row = new RegistryRow();
        NioTcpHandler lastHandler = null;
        String handlerText = null;
        long now = System.nanoTime();
        for (NioTcpEndpoint e : sorted) {
            row.of(e);
            if (row.handler != lastHandler) {
                lastHandler = row.handler;
                handlerText = HandlerName.of(lastHandler);
            }
            rows.add(row.info(handlerText, now));
        }
        return rows;
    }

    /**
     * Adds how many tracked endpoints are in each state to {@code counts}, indexed by {@link TcpState#ordinal()},
     * and returns it; allocates nothing.
     *
     * @throws IllegalArgumentException when {@code counts} has fewer slots than there are states
     */
    public int[] countByState(int[] counts) {
        if (counts.length < STATES) {
            throw new IllegalArgumentException("counts has " + counts.length + " slots; TcpState has " + STATES);
        }
        endpoints.countByState(counts);
        return counts;
    }

    /** How many tracked endpoints are in each state; states with none are absent. */
    public Map<TcpState, Integer> countsByState() {
        int[] counts = countByState(new int[STATES]);
        Map<TcpState, Integer> map = new EnumMap<>(TcpState.class);
        for (TcpState state : TcpState.values()) {
            if (counts[state.ordinal()] > 0) {
                map.put(state, counts[state.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Writes an {@code ss -tan}-style table to {@code out}: state, queue, addresses, time in state, bytes in and
     * out, handler. A state marked {@code ~} is the local timer's estimate (the kernel's table was not readable).
     *
     * @throws UncheckedIOException when {@code out} throws
     */
    public void render(Appendable out) {
        try {
            new RegistryTable(out).write(endpoints.sortedById(), System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table of {@link #render(Appendable)} as a string. */
    public String render() {
        StringBuilder text = new StringBuilder();
        render(text);
        return text.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
