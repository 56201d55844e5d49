package io.fsmgen.behaviour;

import java.util.ArrayList;
import java.util.List;

/** A log that specs write to, so tests can assert what ran and in which order. */
abstract class Recorder {
    final List<String> log = new ArrayList<>();

    void record(String entry) {
        log.add(entry);
    }
}
