package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link NioTcpRuntime} runs. Immutable; start from {@link #defaults()} and use the {@code with} methods.
 *
 * @param threads         event-loop threads (1 by default)
 * @param tcp             the machine's configuration (MSL, hence the machine's own TIME-WAIT timer)
 * @param timeouts        connect, FIN_WAIT_2 and idle timeouts, declared in {@link NioTcpSpec}
 * @param writeQueueLimit the queue's high-water mark: the write that brings a connection's queue to it is taken whole
 *                        and answered {@link WriteResult#BACKPRESSURE}; later ones are REJECTED until it drains
 * @param closeWaitLeak   how long a connection may stay in CLOSE_WAIT before it is reported; null: never
 * @param leakReporter    where CLOSE_WAIT leaks are reported (default: a WARNING log)
 * @param transitions     where the transitions NIO cannot see come from ({@link TransitionSource#AUTO} by default:
 *                        the kernel's tracepoint, else polling its table, else estimates)
 * @param ackEstimate     how long after our FIN the estimating mode ({@link TransitionSource#NONE}) assumes its ACK
 *                        arrived
 */
public record NioTcpOptions(
        int threads,
        TcpConfig tcp,
        NioTcpTimeouts timeouts,
        int writeQueueLimit,
        Duration closeWaitLeak,
        Consumer<CloseWaitLeak> leakReporter,
        TransitionSource transitions,
        Duration ackEstimate) {

    public NioTcpOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(timeouts, "timeouts");
        if (writeQueueLimit < 1) {
            throw new IllegalArgumentException("writeQueueLimit must be positive: " + writeQueueLimit);
        }
        Objects.requireNonNull(leakReporter, "leakReporter");
        Objects.requireNonNull(transitions, "transitions");
        Objects.requireNonNull(ackEstimate, "ackEstimate");
        if (closeWaitLeak != null && closeWaitLeak.isNegative()) {
            throw new IllegalArgumentException("closeWaitLeak must not be negative (null: never report): "
                    + closeWaitLeak);
        }
        if (ackEstimate.isNegative()) {
            throw new IllegalArgumentException("ackEstimate must not be negative: " + ackEstimate);
        }
    }

    /** One thread, Linux-like TIME-WAIT (60 s), {@link NioTcpTimeouts#DEFAULT}, 1 MiB queue, leaks after 30 s. */
    public static NioTcpOptions defaults() {
        return new NioTcpOptions(1, TcpConfig.DEFAULT, NioTcpTimeouts.DEFAULT, 1 << 20, Duration.ofSeconds(30),
                NioTcpRuntime::logLeak, TransitionSource.AUTO, Duration.ofMillis(50));
    }

    public NioTcpOptions withThreads(int n) {
        return new NioTcpOptions(n, tcp, timeouts, writeQueueLimit, closeWaitLeak, leakReporter, transitions, ackEstimate);
    }

    public NioTcpOptions withTcp(TcpConfig c) {
        return new NioTcpOptions(threads, c, timeouts, writeQueueLimit, closeWaitLeak, leakReporter, transitions, ackEstimate);
    }

    /** Shorthand for {@code withTcp(TcpConfig.withMsl(msl))}: TIME-WAIT lasts 2·msl on the machine's timer. */
    public NioTcpOptions withMsl(Duration msl) {
        return withTcp(TcpConfig.withMsl(msl));
    }

    public NioTcpOptions withTimeouts(NioTcpTimeouts t) {
        return new NioTcpOptions(threads, tcp, t, writeQueueLimit, closeWaitLeak, leakReporter, transitions, ackEstimate);
    }

    public NioTcpOptions withWriteQueueLimit(int bytes) {
        return new NioTcpOptions(threads, tcp, timeouts, bytes, closeWaitLeak, leakReporter, transitions, ackEstimate);
    }

    public NioTcpOptions withCloseWaitLeak(Duration after, Consumer<CloseWaitLeak> reporter) {
        return new NioTcpOptions(threads, tcp, timeouts, writeQueueLimit, after, reporter, transitions, ackEstimate);
    }

    /** Chooses where hidden transitions come from; a source that cannot be used makes {@code open} fail. */
    public NioTcpOptions withTransitions(TransitionSource source) {
        return new NioTcpOptions(threads, tcp, timeouts, writeQueueLimit, closeWaitLeak, leakReporter, source,
                ackEstimate);
    }

    public NioTcpOptions withAckEstimate(Duration d) {
        return new NioTcpOptions(threads, tcp, timeouts, writeQueueLimit, closeWaitLeak, leakReporter, transitions, d);
    }
}
