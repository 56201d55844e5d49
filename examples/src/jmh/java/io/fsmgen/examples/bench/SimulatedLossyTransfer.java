package io.fsmgen.examples.bench;

import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.SimulatedPair;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpExtensions;
import io.fsmgen.tcp.engine.LinkProfile;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long the user-space endpoint takes to move 1 MiB over a lossy simulated link, in virtual time, with NewReno and
 * with SACK-based recovery side by side: seeded, so the same code gives the same numbers on any machine, however
 * loaded. The link has no bandwidth limit, so without loss the transfer is paced by slow start alone. Each run opens a connection over a link with a
 * 5 ms one-way delay and {@code --loss} of the datagrams lost each way (MTU 1500, so MSS 1460; the buffers and RTO of
 * {@link EndpointConfig#loopback}), then times from the first {@code send} until the receiver has read the last byte.
 * A stall is a gap of 150 ms or more in which the receiver got no new byte.
 *
 * <p>{@code java -cp examples/target/benchmarks.jar io.fsmgen.examples.bench.SimulatedLossyTransfer [--runs 50]
 * [--loss 0.05] [--trace SEED]}; {@code --trace} replays one seed and prints every segment and state change.
 */
public final class SimulatedLossyTransfer {

    private static final int BYTES = 1 << 20;
    private static final Duration ONE_WAY = Duration.ofMillis(5);
    private static final Duration STEP = Duration.ofMillis(1);
    private static final long STALL_NANOS = Duration.ofMillis(150).toNanos();
    private static final long GIVE_UP_NANOS = Duration.ofMinutes(10).toNanos();

    private SimulatedLossyTransfer() {
    }

    /** One run's outcome. */
    record Run(long seed, long nanos, int stalls, long timeouts) {
    }

    public static void main(String[] args) {
        int runs = 50;
        double loss = 0.05;
        long trace = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--loss" -> loss = Double.parseDouble(args[++i]);
                case "--trace" -> trace = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: SimulatedLossyTransfer [--runs N] [--loss RATE] [--trace SEED]");
                    System.exit(2);
                }
            }
        }
        if (trace >= 0) {
            SimulatedPair sim = pair(trace, loss, TcpExtensions.ALL, true);
            Run run = transfer(sim, trace);
            System.out.print(sim.trace().renderLog());
            System.out.println(run);
            return;
        }
        System.out.printf(Locale.ROOT, "1 MiB over 5 ms one-way, %.1f %% loss each way, %d seeded runs each (virtual"
                + " time)%n", loss * 100, runs);
        report("NewReno (SACK off)", runs, loss, new TcpExtensions(true, true, false));
        report("SACK (RFC 6675)", runs, loss, TcpExtensions.ALL);
    }

    private static void report(String name, int runs, double loss, TcpExtensions extensions) {
        Run[] results = new Run[runs];
        for (int seed = 1; seed <= runs; seed++) {
            results[seed - 1] = transfer(pair(seed, loss, extensions, false), seed);
        }
        Run lossless = transfer(pair(1, 0, extensions, false), 1);
        long[] millis = Arrays.stream(results).mapToLong(r -> r.nanos() / 1_000_000).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-20s median %5d ms, mean %5.0f ms, p90 %5d ms, min %4d ms, max %5d ms;"
                + " per run: %.1f stalls >= 150 ms, %.1f timeouts; without loss %d ms%n", name,
                millis[millis.length / 2], Arrays.stream(millis).average().orElse(0),
                millis[(int) Math.ceil(millis.length * 0.9) - 1], millis[0], millis[millis.length - 1],
                Arrays.stream(results).mapToInt(Run::stalls).average().orElse(0),
                Arrays.stream(results).mapToLong(Run::timeouts).average().orElse(0), lossless.nanos() / 1_000_000);
    }

    private static SimulatedPair pair(long seed, double loss, TcpExtensions extensions, boolean tracing) {
        EndpointConfig config = EndpointConfig.loopback(Duration.ofSeconds(1)).withExtensions(extensions);
        return new SimulatedPair(seed, LinkProfile.perfect(ONE_WAY).withLoss(loss), config, tracing);
    }

    private static Run transfer(SimulatedPair sim, long seed) {
        SimulatedPair.Opened pair = openPatiently(sim);
        TcpConnection sender = pair.client();
        TcpConnection receiver = pair.server();
        byte[] data = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            data[i] = (byte) (i * 31 + seed);
        }
        long start = sim.clock().nanoTime();
        long lastProgress = start;
        int stalls = 0;
        int sent = 0;
        int received = 0;
        while (received < BYTES) {
            if (sent < BYTES) {
                sent += sender.send(data, sent, BYTES - sent);
            }
            sim.advance(STEP);
            byte[] chunk = receiver.receive(BYTES);
            if (!Arrays.equals(data, received, received + chunk.length, chunk, 0, chunk.length)) {
                throw new IllegalStateException("seed " + seed + ": corrupt data at byte " + received);
            }
            long now = sim.clock().nanoTime();
            if (chunk.length > 0) {
                if (now - lastProgress >= STALL_NANOS) {
                    stalls++;
                }
                lastProgress = now;
                received += chunk.length;
            }
            if (now - start > GIVE_UP_NANOS) {
                throw new IllegalStateException("seed " + seed + ": 1 MiB not through after 10 minutes");
            }
        }
        return new Run(seed, sim.clock().nanoTime() - start, stalls, sender.retransmissions());
    }

    /** Retries the handshake until the lossy link lets it through. */
    private static SimulatedPair.Opened openPatiently(SimulatedPair sim) {
        var listener = sim.server().listen();
        TcpConnection client = sim.client().connect(SimulatedPair.SERVER);
        for (int i = 0; i < 600; i++) {
            sim.advance(Duration.ofMillis(100));
            var server = listener.accept();
            if (server.isPresent() && client.state() == io.fsmgen.tcp.TcpState.ESTABLISHED) {
                return new SimulatedPair.Opened(client, server.get(), listener);
            }
        }
        throw new IllegalStateException("no connection after 60 s");
    }
}
