package io.fsmgen.check;

import io.fsmgen.Capturable;
import io.fsmgen.Machine;
import io.fsmgen.StateBits;
import io.fsmgen.TransitionListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A closed system of generated machines, described for the {@link Explorer}: the parts whose state makes up the
 * global state (machines, channels, budgets, the model's own bookkeeping), the moves that take it from one global
 * state to the next, and the properties it must satisfy.
 *
 * <p>A system is a mutable world: the explorer decodes a global state into it, takes one move, and encodes the
 * result. Build it in a factory ({@code Supplier<ClosedSystem>}), so that a counterexample can be replayed on a fresh
 * world whose machines only ever run {@code fire}: the replay reproduces the violation without decoding anything.
 */
public final class ClosedSystem {

    private final String name;
    private final List<StateComponent> components;
    private final List<Participant<?, ?>> machines;
    private final List<Move> moves;
    private final List<Property> properties;
    private final Recording recording;
    private final String left;
    private final String right;
    private final Map<String, Set<String>> mayIgnore;
    private final Bounded[] bounded;
    private String unhandled;

    private ClosedSystem(Builder builder) {
        this.name = builder.name;
        this.components = List.copyOf(builder.components);
        this.machines = List.copyOf(builder.machines);
        this.moves = List.copyOf(builder.moves);
        this.properties = List.copyOf(builder.properties);
        this.recording = builder.recording;
        this.left = builder.left;
        this.right = builder.right;
        this.mayIgnore = Map.copyOf(builder.mayIgnore);
        this.bounded = components.stream().filter(c -> c instanceof Bounded).map(Bounded.class::cast)
                .toArray(Bounded[]::new);
        if (properties.stream().anyMatch(p -> p instanceof Property.Responsiveness)) {
            machines.forEach(this::listenForUnhandled);
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public List<Move> moves() {
        return moves;
    }

    public List<Property> properties() {
        return properties;
    }

    /** The parts of the global state, in encoding order: for tests and tools that inspect a system. */
    public List<StateComponent> components() {
        return components;
    }

    /** The machine named {@code participant}. */
    public Machine<?, ?> machine(String participant) {
        return machines.stream().filter(p -> p.name().equals(participant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no machine named " + participant))
                .machine();
    }

    /** The participants drawn as the two columns of a counterexample's sequence diagram. */
    public String left() {
        return left;
    }

    public String right() {
        return right;
    }

    /** Appends the global state: every component, in the order they were added. */
    public void encode(StateBits out) {
        for (StateComponent component : components) {
            component.encode(out);
        }
    }

    /** Takes the global state that {@link #encode} wrote. */
    public void decode(StateBits in) {
        for (StateComponent component : components) {
            component.decode(in);
        }
    }

    /**
     * Checks, in the current state, that every component's {@code decode} reads exactly what its {@code encode} wrote
     * and takes the state it encoded: a component that does not would make the explorer merge states that differ, or
     * tell apart states that are the same, without a word. The explorer calls it on the initial state.
     *
     * @throws IllegalStateException naming the component and what is wrong
     */
    void checkEncodings() {
        for (StateComponent component : components) {
            StateBits written = new StateBits();
            component.encode(written);
            try {
                component.decode(written);
            } catch (RuntimeException failure) {
                throw new IllegalStateException(name + ": component " + component + " cannot decode the "
                        + written.length() + " bits it encoded: " + failure.getMessage(), failure);
            }
            if (written.remaining() != 0) {
                throw new IllegalStateException(name + ": component " + component + " encodes " + written.length()
                        + " bits but its decode reads " + written.position() + ": encode and decode must agree");
            }
            StateBits again = new StateBits();
            component.encode(again);
            if (!again.contentEquals(written)) {
                throw new IllegalStateException(name + ": component " + component + " encodes " + written
                        + ", decodes it, then encodes " + again + ": decode must take the state encode wrote");
            }
        }
    }

    /**
     * On the initial state: asking whether a move is enabled must leave the state as it is. The search asks every move
     * in every state and takes the answer for the state it stored; a guard that changes the state makes it report
     * what did not happen.
     */
    void checkGuardsLeaveTheState() {
        StateBits before = new StateBits();
        encode(before);
        StateBits after = new StateBits();
        for (Move move : moves) {
            try {
                move.enabled();
            } catch (RuntimeException | AssertionError | StackOverflowError failure) {
                continue; // a failing guard is a failed step, reported by the search with its path
            }
            after.clear();
            encode(after);
            if (!after.contentEquals(before)) {
                throw new IllegalStateException(name + ": asking whether " + move.name() + " is enabled changed the"
                        + " state (" + before + " became " + after + "): a guard must only read");
            }
        }
    }

    /**
     * The event the last step delivered to a machine that handles it nowhere, described; empty when every event was
     * handled. Cleared by {@link #beginStep()}.
     */
    Optional<String> unhandled() {
        return Optional.ofNullable(unhandled);
    }

    /** Forgets what the last step left behind (an unhandled event, an overflow): before every step. */
    void beginStep() {
        unhandled = null;
        for (Bounded part : bounded) {
            part.clearOverflow();
        }
    }

    /** Whether the last step exceeded a bound of a {@link Bounded} part. */
    boolean overflowed() {
        for (Bounded part : bounded) {
            if (part.overflow().isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** From now on every machine transition and message goes to {@code recorder}: for replays. */
    void startRecording(Recorder recorder) {
        recording.set(recorder);
        for (Participant<?, ?> participant : machines) {
            participant.noteTransitions(recorder);
        }
    }

    /** The current state of every machine, for messages: "client ESTABLISHED, server LAST_ACK". */
    public String machineStates() {
        StringBuilder text = new StringBuilder();
        for (Participant<?, ?> participant : machines) {
            text.append(text.length() == 0 ? "" : ", ").append(participant.name()).append(' ')
                    .append(participant.machine().state());
        }
        return text.toString();
    }

    private <S extends Enum<S>, E extends Enum<E>> void listenForUnhandled(Participant<S, E> participant) {
        Set<String> allowed = mayIgnore.getOrDefault(participant.name(), Set.of());
        participant.machine().addListener(new TransitionListener<>() {
            @Override
            public void unhandled(S state, E event) {
                if (unhandled == null && !allowed.contains(event.name())) {
                    unhandled = participant.name() + " has no row for " + event + " in " + state;
                }
            }
        });
    }

    /** A named machine of the system. */
    private record Participant<S extends Enum<S>, E extends Enum<E>>(String name, Machine<S, E> machine) {
        void noteTransitions(Recorder recorder) {
            machine.addListener(TransitionListener.of((from, event, to) ->
                    recorder.note(name, event + ": " + from + " -> " + to)));
        }
    }

    /** Describes a closed system step by step. */
    public static final class Builder {
        private final String name;
        private final List<StateComponent> components = new ArrayList<>();
        private final List<Participant<?, ?>> machines = new ArrayList<>();
        private final List<Move> moves = new ArrayList<>();
        private final List<Property> properties = new ArrayList<>();
        private final Map<String, Set<String>> mayIgnore = new HashMap<>();
        private final Set<String> names = new LinkedHashSet<>();
        private Recording recording = new Recording();
        private String left;
        private String right;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The recording the system's channels and models report to; one is made if none is given. */
        public Builder recording(Recording recording) {
            this.recording = Objects.requireNonNull(recording, "recording");
            return this;
        }

        /** A generated machine, part of the global state through its {@code encode}/{@code decode}. */
        public <S extends Enum<S>, E extends Enum<E>, M extends Machine<S, E> & Capturable> Builder machine(
                String participant, M machine) {
            return machine(participant, machine, machine);
        }

        /**
         * A generated machine given through its two views, for callers that hold it by a common supertype of several
         * generated variants: {@code capture} must be the same object as {@code machine}.
         */
        public <S extends Enum<S>, E extends Enum<E>> Builder machine(String participant, Machine<S, E> machine,
                Capturable capture) {
            requireName(participant, "a machine");
            Objects.requireNonNull(machine, "machine");
            if (machine != capture) {
                throw new IllegalArgumentException(name + ": machine " + participant
                        + ": machine and capture must be the same object");
            }
            if (!names.add(participant)) {
                throw new IllegalArgumentException(name + ": two machines are named " + participant);
            }
            machines.add(new Participant<>(participant, machine));
            components.add(new StateComponent() {
                @Override
                public void encode(StateBits out) {
                    capture.encode(out);
                }

                @Override
                public void decode(StateBits in) {
                    capture.decode(in);
                }

                @Override
                public String toString() {
                    return "machine " + participant + " (" + machine.getClass().getSimpleName() + ")";
                }
            });
            if (left == null) {
                left = participant;
            } else if (right == null) {
                right = participant;
            }
            return this;
        }

        /** Any other part of the global state: a channel, a budget, a model's bookkeeping. */
        public Builder component(StateComponent component) {
            components.add(Objects.requireNonNull(component, "component"));
            return this;
        }

        public Builder move(Move move) {
            moves.add(Objects.requireNonNull(move, "move"));
            return this;
        }

        public Builder moves(List<Move> more) {
            more.forEach(this::move);
            return this;
        }

        public Builder invariant(String property, String sentence, BooleanSupplier holds) {
            return property(new Property.Invariant(property, sentence, holds));
        }

        public Builder eventually(String property, String sentence, BooleanSupplier goal) {
            return property(new Property.Eventually(property, sentence, goal));
        }

        public Builder deadlockFree(String property, String sentence, BooleanSupplier endState) {
            return property(new Property.DeadlockFreedom(property, sentence, endState));
        }

        public Builder responsive(String property, String sentence) {
            return property(new Property.Responsiveness(property, sentence));
        }

        /**
         * Declares that {@code participant} may drop {@code events} without a row (P's {@code ignore}): the
         * responsiveness property then lets them pass. Deferred events need no declaration: a deferral is a row.
         */
        public Builder mayIgnore(String participant, Enum<?>... events) {
            requireName(participant, "mayIgnore's participant");
            if (events.length == 0) {
                throw new IllegalArgumentException(name + ": mayIgnore(" + participant + ") names no event");
            }
            Set<String> allowed = mayIgnore.computeIfAbsent(participant, p -> new HashSet<>());
            for (Enum<?> event : events) {
                allowed.add(Objects.requireNonNull(event, "event").name());
            }
            return this;
        }

        public Builder property(Property property) {
            Objects.requireNonNull(property, "property");
            requireName(property.name(), "a property");
            if (properties.stream().anyMatch(p -> p.name().equals(property.name()))) {
                throw new IllegalArgumentException(name + ": two properties are named " + property.name());
            }
            properties.add(property);
            return this;
        }

        /** The two participants a counterexample's sequence diagram shows; default the first two machines. */
        public Builder diagram(String leftColumn, String rightColumn) {
            this.left = Objects.requireNonNull(leftColumn, "leftColumn");
            this.right = Objects.requireNonNull(rightColumn, "rightColumn");
            return this;
        }

        public ClosedSystem build() {
            if (components.isEmpty()) {
                throw new IllegalStateException(name + ": a closed system needs at least one component");
            }
            if (moves.isEmpty()) {
                throw new IllegalStateException(name + ": a closed system needs at least one move");
            }
            if (moves.size() > Short.MAX_VALUE) {
                throw new IllegalStateException(name + ": at most " + Short.MAX_VALUE + " moves, not " + moves.size());
            }
            Set<String> moveNames = new HashSet<>();
            for (Move move : moves) {
                requireName(move.name(), "a move");
                if (!moveNames.add(move.name())) {
                    throw new IllegalStateException(name + ": two moves are named " + move.name());
                }
            }
            for (String participant : mayIgnore.keySet()) {
                if (!names.contains(participant)) {
                    throw new IllegalStateException(name + ": mayIgnore names " + participant
                            + ", which is not a machine of the system");
                }
            }
            checkColumn("left", left);
            checkColumn("right", right);
            if (left != null && left.equals(right)) {
                throw new IllegalStateException(name + ": the diagram's two columns are both " + left);
            }
            return new ClosedSystem(this);
        }

        /** A column of the diagram is a participant: a machine, or an end of a channel. */
        private void checkColumn(String side, String column) {
            if (column == null) {
                return;
            }
            Set<String> participants = new LinkedHashSet<>(names);
            for (StateComponent component : components) {
                if (component instanceof Channel channel) {
                    participants.add(channel.from());
                    participants.add(channel.to());
                }
            }
            if (!participants.contains(column)) {
                throw new IllegalStateException(name + ": the diagram's " + side + " column is " + column
                        + ", which is neither a machine nor a channel's end (participants: "
                        + String.join(", ", participants) + ")");
            }
        }

        private void requireName(String given, String what) {
            if (given == null || given.isBlank()) {
                throw new IllegalArgumentException(name + ": " + what + " needs a name, not "
                        + (given == null ? "null" : "'" + given + "'"));
            }
        }
    }
}
