package io.fsmgen.check;

import io.fsmgen.StateBits;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A one-way network link between two participants, holding at most {@code capacity} messages in flight. A message is
 * a small non-negative number of {@code messageBits} bits (a model encodes its segments or requests that way), so a
 * channel encodes in a few bits and allocates nothing.
 *
 * <p>An <em>ordered</em> channel delivers in FIFO order. An unordered one may deliver any message in flight first
 * (reordering); it is kept sorted, so two channels holding the same messages encode the same, which merges states the
 * order of arrival alone would tell apart.
 *
 * <p>Moves: {@link #deliveries} (fair: the network eventually delivers), {@link #losses} and
 * {@link #duplications} (each spending a {@link Budget}, not fair).
 */
public final class Channel implements StateComponent, Bounded {

    private final String from;
    private final String to;
    private final int capacity;
    private final int messageBits;
    private final int countBits;
    private final boolean ordered;
    private final IntFunction<String> labels;
    private final Recording recording;
    private final int[] messages;
    private final String full;
    private boolean overflowed;
    private int size;

    /**
     * @param labels how a message is named in counterexamples: {@code "FIN"}
     */
    public Channel(String from, String to, int capacity, int messageBits, boolean ordered, IntFunction<String> labels,
            Recording recording) {
        if (capacity < 1 || capacity > 64) {
            throw new IllegalArgumentException("channel capacity must be 1 to 64, not " + capacity);
        }
        if (messageBits < 1 || messageBits > 31) {
            throw new IllegalArgumentException("messages must be 1 to 31 bits, not " + messageBits);
        }
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.capacity = capacity;
        this.messageBits = messageBits;
        this.countBits = 32 - Integer.numberOfLeadingZeros(capacity);
        this.ordered = ordered;
        this.labels = Objects.requireNonNull(labels, "labels");
        this.recording = Objects.requireNonNull(recording, "recording");
        this.messages = new int[capacity];
        this.full = "channel " + from + "->" + to + " is full (" + capacity + " in flight)";
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean isFull() {
        return size == capacity;
    }

    /** The message at {@code index}: in arrival order for an ordered channel, in sorted order otherwise. */
    public int get(int index) {
        Objects.checkIndex(index, size);
        return messages[index];
    }

    /** Whether some message in flight satisfies {@code test}. */
    public boolean any(java.util.function.IntPredicate test) {
        for (int i = 0; i < size; i++) {
            if (test.test(messages[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Puts a message in flight. When the channel is full, the message is dropped and the channel records an
     * {@linkplain #overflow() overflow}: the explorer then discards this successor, which lies beyond the model's
     * bounds.
     */
    public void send(int message) {
        if (message < 0 || message >>> messageBits != 0) {
            throw new IllegalArgumentException("message " + message + " does not fit in " + messageBits + " bits");
        }
        if (size == capacity) {
            overflowed = true;
            return;
        }
        insert(message);
    }

    @Override
    public java.util.Optional<String> overflow() {
        return overflowed ? java.util.Optional.of(full) : java.util.Optional.empty();
    }

    @Override
    public void clearOverflow() {
        overflowed = false;
    }

    /** Removes and returns the message at {@code index}. */
    public int remove(int index) {
        int message = get(index);
        System.arraycopy(messages, index + 1, messages, index, size - index - 1);
        size--;
        return message;
    }

    private void insert(int message) {
        int at = size;
        if (!ordered) {
            while (at > 0 && messages[at - 1] > message) {
                messages[at] = messages[at - 1];
                at--;
            }
        }
        messages[at] = message;
        size++;
    }

    /**
     * Fair moves that deliver a message to {@code receiver}: the head of an ordered channel, any message of an
     * unordered one (one move per position; equal neighbours are delivered once).
     */
    public List<Move> deliveries(IntConsumer receiver) {
        List<Move> moves = new ArrayList<>();
        int positions = ordered ? 1 : capacity;
        for (int i = 0; i < positions; i++) {
            int index = i;
            moves.add(Move.of("deliver " + from + "->" + to + (ordered ? "" : " #" + i), true,
                    () -> index < size && (index == 0 || messages[index] != messages[index - 1]),
                    () -> {
                        int message = remove(index);
                        if (recording.active()) {
                            recording.get().message(from, to, labels.apply(message), Recorder.Fate.DELIVERED);
                        }
                        receiver.accept(message);
                    },
                    () -> "the network delivers " + labels.apply(messages[index]) + " " + from + "->" + to));
        }
        return moves;
    }

    /** Moves that lose any one message in flight, each spending {@code budget}. */
    public List<Move> losses(Budget budget) {
        List<Move> moves = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            int index = i;
            moves.add(Move.of("lose " + from + "->" + to + " #" + i, false,
                    () -> index < size && budget.available() && (index == 0 || messages[index] != messages[index - 1]),
                    () -> {
                        budget.spend();
                        int message = remove(index);
                        if (recording.active()) {
                            recording.get().message(from, to, labels.apply(message), Recorder.Fate.LOST);
                        }
                    },
                    () -> "the network loses " + labels.apply(messages[index]) + " " + from + "->" + to));
        }
        return moves;
    }

    /** Moves that duplicate any one message in flight, each spending {@code budget}; needs room for the copy. */
    public List<Move> duplications(Budget budget) {
        List<Move> moves = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            int index = i;
            moves.add(Move.of("duplicate " + from + "->" + to + " #" + i, false,
                    () -> index < size && size < capacity && budget.available()
                            && (index == 0 || messages[index] != messages[index - 1]),
                    () -> {
                        budget.spend();
                        int message = messages[index];
                        insert(message);
                        if (recording.active()) {
                            recording.get().message(from, to, labels.apply(message), Recorder.Fate.DUPLICATED);
                        }
                    },
                    () -> "the network duplicates " + labels.apply(messages[index]) + " " + from + "->" + to));
        }
        return moves;
    }

    @Override
    public void encode(StateBits out) {
        out.write(size, countBits);
        for (int i = 0; i < size; i++) {
            out.write(messages[i], messageBits);
        }
    }

    @Override
    public void decode(StateBits in) {
        size = (int) in.read(countBits);
        for (int i = 0; i < size; i++) {
            messages[i] = (int) in.read(messageBits);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(from).append("->").append(to).append(" [");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append(labels.apply(messages[i]));
        }
        return text.append(']').toString();
    }
}
