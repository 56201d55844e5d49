package io.fsmgen.examples.tun;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the scenario's kernel column comes from: the kernel's socket on one port inside the namespace, its
 * transitions in kernel order.
 */
interface KernelWatch extends AutoCloseable {

    /** One sentence for the output: which source, and what it can miss. */
    String source();

    /**
     * Completes once everything the kernel did before this call is in {@link #rows()}; fails if the source
     * failed.
     */
    CompletableFuture<Void> settled();

    /** The transitions seen so far, oldest first. */
    List<KernelRow> rows();

    @Override
    void close() throws IOException;
}
