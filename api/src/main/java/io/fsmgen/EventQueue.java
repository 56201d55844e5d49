package io.fsmgen;

import java.util.Arrays;

/**
 * The run-to-completion queue of a generated machine: events fired from inside a guard or action wait here until
 * the current transition completes. A ring of ordinals and payloads that grows only when a transition queues more
 * events than ever before, so steady-state processing allocates nothing.
 *
 * <p>Public only because generated code in other packages uses it; not meant for direct use.
 */
public final class EventQueue {

    private int[] events = new int[8];
    private Object[] payloads = new Object[8];
    private int head;
    private int size;

    /** Appends an event ordinal and its payload (null when there is none). */
    public void offer(int event, Object payload) {
        if (size == events.length) {
            grow();
        }
        int tail = (head + size) & (events.length - 1);
        events[tail] = event;
        payloads[tail] = payload;
        size++;
    }

    /** True when nothing is queued. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The ordinal of the oldest queued event. Only valid when not empty. */
    public int peekEvent() {
        return events[head];
    }

    /** The payload of the oldest queued event. Only valid when not empty. */
    public Object peekPayload() {
        return payloads[head];
    }

    /** Drops the oldest queued event. */
    public void remove() {
        payloads[head] = null;
        head = (head + 1) & (events.length - 1);
        size--;
    }

    /** How many events are queued. */
    public int size() {
        return size;
    }

    /**
     * Drops the newest events until {@code keep} remain: those a failed transition queued, after the ones queued
     * before it, which still run.
     */
    public void truncate(int keep) {
        while (size > keep) {
            int tail = (head + size - 1) & (events.length - 1);
            payloads[tail] = null;
            size--;
        }
    }

    /** Drops everything, as after an action threw. Costs one comparison when already empty, the usual case. */
    public void clear() {
        if (size == 0) {
            return;
        }
        Arrays.fill(payloads, null);
        head = 0;
        size = 0;
    }

    private void grow() {
        int[] newEvents = new int[events.length * 2];
        Object[] newPayloads = new Object[events.length * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (events.length - 1);
            newEvents[i] = events[from];
            newPayloads[i] = payloads[from];
        }
        events = newEvents;
        payloads = newPayloads;
        head = 0;
    }
}
