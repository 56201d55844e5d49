package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import java.util.Arrays;

/**
 * The registry's endpoints: an open-addressing set of endpoint references hashed by id, so that a tracked endpoint
 * costs array slots rather than a boxed key and a map node (8 to 16 bytes at half load or less, against 56 in a
 * {@code ConcurrentHashMap}). The ids are read off the endpoints (final fields), not kept beside them. Linear probing
 * with backward-shift deletion; guarded by its own monitor, held only for the few array operations of each call.
 */
final class EndpointTable {

    private NioTcpEndpoint[] endpoints = new NioTcpEndpoint[16];
    private int size;

    synchronized void put(NioTcpEndpoint endpoint) {
        if (2 * (size + 1) > endpoints.length) {
            grow();
        }
        int slot = slotOf(endpoint, endpoints);
        if (endpoints[slot] == null) {
            size++;
        }
        endpoints[slot] = endpoint;
    }

    synchronized void remove(NioTcpEndpoint endpoint) {
        int mask = endpoints.length - 1;
        int slot = slotOf(endpoint, endpoints);
        if (endpoints[slot] != endpoint) {
            return;
        }
        endpoints[slot] = null;
        size--;
        // Backward shift: move later members of the probe run into the hole, so that lookups never stop early.
        int hole = slot;
        for (int i = (slot + 1) & mask; endpoints[i] != null; i = (i + 1) & mask) {
            int home = home(endpoints[i].id(), mask);
            boolean movable = hole <= i ? home <= hole || home > i : home <= hole && home > i;
            if (movable) {
                endpoints[hole] = endpoints[i];
                endpoints[i] = null;
                hole = i;
            }
        }
    }

    synchronized int size() {
        return size;
    }

    /** The endpoints, sorted by id, in a new array. */
    NioTcpEndpoint[] sortedById() {
        NioTcpEndpoint[] copy;
        synchronized (this) {
            copy = new NioTcpEndpoint[size];
            int n = 0;
            for (NioTcpEndpoint e : endpoints) {
                if (e != null) {
                    copy[n++] = e;
                }
            }
        }
        Arrays.sort(copy, (a, b) -> Long.compare(a.id(), b.id()));
        return copy;
    }

    /** Adds each endpoint's state to {@code counts[state.ordinal()]}. */
    synchronized void countByState(int[] counts) {
        for (NioTcpEndpoint e : endpoints) {
            if (e != null) {
                TcpState state = e.state();
                counts[state.ordinal()]++;
            }
        }
    }

    private void grow() {
        NioTcpEndpoint[] old = endpoints;
        endpoints = new NioTcpEndpoint[old.length * 2];
        for (NioTcpEndpoint e : old) {
            if (e != null) {
                endpoints[slotOf(e, endpoints)] = e;
            }
        }
    }

    /** The slot holding {@code endpoint}, or the empty slot where it would go. */
    private static int slotOf(NioTcpEndpoint endpoint, NioTcpEndpoint[] endpoints) {
        int mask = endpoints.length - 1;
        int i = home(endpoint.id(), mask);
        while (endpoints[i] != null && endpoints[i] != endpoint) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int home(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}
