package io.fsmgen.examples.tun;

import java.util.Objects;

/**
 * One line of the kernel's column: what the kernel did to the watched socket, and when.
 *
 * @param nanos {@link System#nanoTime()} time (the kernel's CLOCK_MONOTONIC, the same clock on Linux)
 * @param text  the transition as the kernel names its states, e.g. {@code SYN_RECV -> ESTABLISHED}
 */
record KernelRow(long nanos, String text) {

    KernelRow {
        Objects.requireNonNull(text, "text");
    }
}
