package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import java.util.Arrays;

/**
 * The registry's endpoints by id: an open-addressing table of {@code long} keys and endpoint references, so that a
 * tracked endpoint costs two array slots rather than a boxed key and a map node (about 24 bytes against 56 in a
 * {@code ConcurrentHashMap}). Linear probing with backward-shift deletion; guarded by its own monitor, held only for
 * the few array operations of each call.
 */
final class EndpointTable {

    private long[] ids = new long[16];
    private NioTcpEndpoint[] endpoints = new NioTcpEndpoint[16];
    private int size;

    synchronized void put(NioTcpEndpoint endpoint) {
        if (2 * (size + 1) > ids.length) {
            grow();
        }
        int slot = slotOf(endpoint.id(), ids, endpoints);
        if (endpoints[slot] == null) {
            size++;
        }
        ids[slot] = endpoint.id();
        endpoints[slot] = endpoint;
    }

    synchronized void remove(NioTcpEndpoint endpoint) {
        int mask = ids.length - 1;
        int slot = slotOf(endpoint.id(), ids, endpoints);
        if (endpoints[slot] != endpoint) {
            return;
        }
        endpoints[slot] = null;
        size--;
        // Backward shift: move later members of the probe run into the hole, so that lookups never stop early.
        int hole = slot;
        for (int i = (slot + 1) & mask; endpoints[i] != null; i = (i + 1) & mask) {
            int home = home(ids[i], mask);
            boolean movable = hole <= i ? home <= hole || home > i : home <= hole && home > i;
            if (movable) {
                ids[hole] = ids[i];
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
        long[] oldIds = ids;
        NioTcpEndpoint[] oldEndpoints = endpoints;
        ids = new long[oldIds.length * 2];
        endpoints = new NioTcpEndpoint[oldIds.length * 2];
        for (int i = 0; i < oldIds.length; i++) {
            if (oldEndpoints[i] != null) {
                int slot = slotOf(oldIds[i], ids, endpoints);
                ids[slot] = oldIds[i];
                endpoints[slot] = oldEndpoints[i];
            }
        }
    }

    /** The slot holding {@code id}, or the empty slot where it would go. */
    private static int slotOf(long id, long[] ids, NioTcpEndpoint[] endpoints) {
        int mask = ids.length - 1;
        int i = home(id, mask);
        while (endpoints[i] != null && ids[i] != id) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int home(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}
