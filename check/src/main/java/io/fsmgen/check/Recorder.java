package io.fsmgen.check;

/**
 * Where a closed system tells what happens while a counterexample is replayed: each machine's transitions (noted by
 * the system itself) and each message's fate (noted by the model's channels). During exploration the recorder is
 * {@link #NONE}, which costs one interface call that the JIT removes.
 */
public interface Recorder {

    /** What happened to a message. */
    enum Fate {
        /** It arrived, and the receiver took it. */
        DELIVERED,
        /** The network lost it. */
        LOST,
        /** The network made a second copy of it, which travels on. */
        DUPLICATED,
        /** Someone outside the system put it on the wire (an off-path attacker). */
        INJECTED
    }

    /** Records nothing. */
    Recorder NONE = new Recorder() {
        @Override
        public void note(String participant, String text) {}

        @Override
        public void message(String from, String to, String label, Fate fate) {}
    };

    /** {@code participant} did something: "CLOSE: ESTABLISHED -> FIN_WAIT_1". */
    void note(String participant, String text);

    /** A message from {@code from} to {@code to} met {@code fate}. */
    void message(String from, String to, String label, Fate fate);
}
