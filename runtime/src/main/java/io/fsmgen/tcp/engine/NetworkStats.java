package io.fsmgen.tcp.engine;

/**
 * Counts of what a {@link SimulatedNetwork} did, for quick assertions that a lossy profile really lost something.
 *
 * @param sent       datagrams handed to the network by senders
 * @param delivered  copies that reached a sink, duplicates included
 * @param dropped    datagrams lost, by chance, by script or for want of a destination
 * @param duplicated extra copies made
 */
public record NetworkStats(long sent, long delivered, long dropped, long duplicated) {
}
