package io.fsmgen.tcp.tun;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A blocking call on a kernel socket (connect, accept, a read to end of stream) for tests that drive the endpoint's
 * loop on their own thread: the call runs on a daemon thread of its own, and wakes the loop when it returns, so that
 * a {@code runUntil} on its future sees it at once rather than at the loop's next timer.
 */
final class KernelCall {

    /** What runs on the thread. */
    interface Blocking<T> {
        T call() throws IOException;
    }

    private KernelCall() {
    }

    /** Starts {@code call} on a daemon thread named {@code name}; the future completes with its result or failure. */
    static <T> CompletableFuture<T> start(String name, EndpointLoop loop, Blocking<T> call) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                done.complete(call.call());
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
            loop.wakeup();
        }, name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** Everything the kernel's socket reads until end of stream. */
    static CompletableFuture<byte[]> readToEnd(SocketChannel kernel, EndpointLoop loop) {
        return start("kernel reader", loop, () -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (kernel.read(buffer.clear()) >= 0) {
                bytes.write(buffer.array(), 0, buffer.position());
            }
            return bytes.toByteArray();
        });
    }

    /** One blocking read on the kernel's socket: "N bytes", "end of stream", or the failure's message. */
    static CompletableFuture<String> readOnce(SocketChannel kernel, EndpointLoop loop) {
        return start("kernel read", loop, () -> {
            try {
                int n = kernel.read(ByteBuffer.allocate(1 << 16));
                return n < 0 ? "end of stream" : n + " bytes";
            } catch (IOException e) {
                return e.getMessage();
            }
        });
    }
}
