package io.fsmgen;

import java.util.Arrays;

/**
 * The deferred events of a generated machine: a ring of event ordinals and payloads with a fixed capacity, allocated
 * with the machine, so deferring, re-offering and dropping an event never allocate. Events keep their arrival order;
 * an event offered again and deferred again keeps its place.
 *
 * <p>Public only because generated code in other packages uses it; not meant for direct use.
 */
public final class DeferredEvents {

    private final int[] events;
    private final Object[] payloads;
    private int head;
    private int size;

    /** A ring for at most {@code capacity} events. */
    public DeferredEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        events = new int[capacity];
        payloads = new Object[capacity];
    }

    public int capacity() {
        return events.length;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean isFull() {
        return size == events.length;
    }

    /** Appends an event ordinal and its payload (null when there is none). The caller checks {@link #isFull()}. */
    public void offer(int event, Object payload) {
        if (size == events.length) {
            throw new IllegalStateException("deferral queue full: " + size + " events");
        }
        int tail = slot(size);
        events[tail] = event;
        payloads[tail] = payload;
        size++;
    }

    /** The ordinal of the {@code index}-th oldest event. */
    public int eventAt(int index) {
        return events[slot(checked(index))];
    }

    /** The payload of the {@code index}-th oldest event. */
    public Object payloadAt(int index) {
        return payloads[slot(checked(index))];
    }

    /** Removes the {@code index}-th oldest event; younger ones move up one place. */
    public void removeAt(int index) {
        checked(index);
        for (int i = index; i < size - 1; i++) {
            events[slot(i)] = events[slot(i + 1)];
            payloads[slot(i)] = payloads[slot(i + 1)];
        }
        payloads[slot(size - 1)] = null;
        size--;
    }

    /** Puts an event back at position {@code index}, as after {@link #removeAt}; younger ones move down one place. */
    public void insertAt(int index, int event, Object payload) {
        if (index < 0 || index > size || size == events.length) {
            throw new IndexOutOfBoundsException("insert at " + index + " of " + size + "/" + events.length);
        }
        for (int i = size; i > index; i--) {
            events[slot(i)] = events[slot(i - 1)];
            payloads[slot(i)] = payloads[slot(i - 1)];
        }
        events[slot(index)] = event;
        payloads[slot(index)] = payload;
        size++;
    }

    /** Drops everything, as when the machine is restored. */
    public void clear() {
        Arrays.fill(payloads, null);
        head = 0;
        size = 0;
    }

    private int slot(int index) {
        return (head + index) % events.length;
    }

    private int checked(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        return index;
    }
}
