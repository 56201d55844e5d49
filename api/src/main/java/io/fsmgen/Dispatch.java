package io.fsmgen;

/**
 * How a generated machine finds the code for an event in its current state ({@link StateMachine#dispatch()}).
 * Whichever shape is used, the machine behaves the same; the generated class's Javadoc says which one it has, and
 * why.
 */
public enum Dispatch {

    /**
     * The generator chooses from the machine's size and shape (the rule is in the generated class's Javadoc and in
     * the README): a switch for small machines whose cells mostly do work, a cell table otherwise.
     */
    AUTO,

    /**
     * A switch on the state's ordinal, then a switch on the event's ordinal per state. Fast while every state's
     * method stays small enough for the JIT to inline and the sequence of events is predictable, as in a protocol's
     * lives; it costs two indirect branches per event, which mispredict on irregular input, and calls once the
     * methods grow past the JIT's inlining limits.
     */
    SWITCH,

    /**
     * One lookup in a {@code static final} table indexed by {@code state * events + event}: a cell that does no work
     * beyond changing the state (no guard, action, exit or entry work) is finished by the lookup itself; any other
     * cell goes to one switch over the machine's distinct cell bodies. The cost per event stays near a plain
     * next-state table lookup at every size, and the code that must be compiled is small.
     */
    TABLE
}
