package io.fsmgen.examples.tun;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A kernel socket moving bulk data for {@link TunBenchmark} on a thread of its own, which measures its own CPU time
 * (a thread's CPU time can no longer be read once it has ended).
 */
abstract class BulkSocket {

    private static final int BUFFER = 1 << 20;

    /** The thread's CPU time, in nanoseconds, once it has ended. */
    final CompletableFuture<Long> cpu = new CompletableFuture<>();
    final SocketChannel socket;
    final long count;

    BulkSocket(SocketChannel socket, long count) {
        this.socket = socket;
        this.count = count;
    }

    /** Starts the thread; {@code wakeup} runs when it ends. */
    final void start(String name, Runnable wakeup) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread thread = new Thread(() -> {
            long start = threads.getCurrentThreadCpuTime();
            try {
                work(ByteBuffer.allocateDirect(BUFFER));
            } finally {
                cpu.complete(threads.getCurrentThreadCpuTime() - start);
                wakeup.run();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    abstract void work(ByteBuffer buffer);

    /** Reads {@code count} bytes; {@link #done} completes with the nanoseconds it took from construction. */
    static final class Reader extends BulkSocket {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private final long began = System.nanoTime();
        private volatile long received;

        Reader(SocketChannel socket, long count, Runnable wakeup) {
            super(socket, count);
            start("kernel reader", wakeup);
        }

        long received() {
            return received;
        }

        @Override
        void work(ByteBuffer buffer) {
            try {
                while (received < count) {
                    int n = socket.read(buffer.clear());
                    if (n < 0) {
                        throw new IOException("end of stream after " + received + " bytes");
                    }
                    received += n;
                }
                done.complete(System.nanoTime() - began);
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        }
    }

    /** Writes {@code count} bytes. */
    static final class Writer extends BulkSocket {
        Writer(SocketChannel socket, long count, Runnable wakeup) {
            super(socket, count);
            start("kernel writer", wakeup);
        }

        @Override
        void work(ByteBuffer buffer) {
            long sent = 0;
            try {
                while (sent < count) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), count - sent));
                    sent += socket.write(buffer);
                }
            } catch (IOException e) {
                System.err.println("kernel writer: " + e.getMessage());
            }
        }
    }
}
