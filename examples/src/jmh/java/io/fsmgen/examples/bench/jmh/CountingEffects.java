package io.fsmgen.examples.bench.jmh;

import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import java.time.Duration;

/** The benchmarks' effects sink: counts calls, so that no effect is dead code, and allocates nothing. */
final class CountingEffects implements TcpEffects {
    long count;

    @Override
    public void send(TcpSegment segment) {
        count += segment.ordinal() + 1;
    }

    @Override
    public void retransmit() {
        count++;
    }

    @Override
    public void timeWaitStarted(Duration duration) {
        count++;
    }

    @Override
    public void timeWaitStopped() {
        count++;
    }

    @Override
    public void signal(TcpSignal signal) {
        count += signal.ordinal() + 1;
    }

    @Override
    public void error(String text) {
        count++;
    }
}
