package io.fsmgen.check;

import java.util.Objects;

/**
 * The recorder a closed system's parts report to, shared by all of them: {@link Recorder#NONE} while the explorer
 * runs, a diagram-drawing recorder while a counterexample is replayed. Create one per system, hand it to the parts
 * and to {@link ClosedSystem.Builder#recording}.
 */
public final class Recording {

    private Recorder recorder = Recorder.NONE;

    /** The current recorder. */
    public Recorder get() {
        return recorder;
    }

    /** Whether anything is recorded: check it before building a note's text, which the explorer never needs. */
    public boolean active() {
        return recorder != Recorder.NONE;
    }

    void set(Recorder recorder) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }
}
