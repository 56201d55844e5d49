package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stress command of issue 11 (not part of {@code mvn verify}: its name is no test name surefire runs by
 * default). Plays each real-socket life {@code -Dstress.repeat} times (100 by default) over IPv4 and {@code ::1}
 * and reports how often the machine's path equalled the kernel's, and how many tries simultaneous-close needed.
 *
 * <pre>
 * mvn -B -pl runtime -am verify -Dtest=KernelAgreementStress -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dstress.repeat=100
 * </pre>
 */
class KernelAgreementStress {

    @Test
    void everyLifeAgreesWithTheKernel() throws Exception {
        assumeTrue(KernelTransitionSource.availability().isAvailable(),
                () -> KernelTransitionSource.availability().toString());
        int repeat = Integer.getInteger("stress.repeat", 100);
        List<String> report = new ArrayList<>();
        boolean all = true;
        try (NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults()
                        .withTransitions(TransitionSource.TRACEPOINT).withMsl(Duration.ofMillis(20)).withThreads(2));
                KernelTransitionSource kernel = KernelTransitionSource.open()) {
            for (String host : List.of("127.0.0.1", "::1")) {
                if (host.contains(":") && !NioTcpLifeTest.ipv6Available()) {
                    report.add("::1 skipped: IPv6 loopback unavailable");
                    continue;
                }
                for (RealSocketLives.Life life : RealSocketLives.Life.values()) {
                    int agreed = 0;
                    long tries = 0;
                    int maxTries = 0;
                    String firstMismatch = "";
                    for (int i = 0; i < repeat; i++) {
                        RealSocketLives.Played p = life.play(rt, kernel, InetAddress.getByName(host));
                        tries += p.tries();
                        maxTries = Math.max(maxTries, p.tries());
                        if (p.agree()) {
                            agreed++;
                        } else if (firstMismatch.isEmpty()) {
                            firstMismatch = " first mismatch: " + p;
                        }
                    }
                    all &= agreed == repeat;
                    report.add(String.format("%-20s %-10s %3d of %3d agree%s%s", life, host, agreed, repeat,
                            life == RealSocketLives.Life.SIMULTANEOUS_CLOSE
                                    ? String.format(" (tries until the FINs crossed: mean %.1f, max %d)",
                                            (double) tries / repeat, maxTries) : "",
                            firstMismatch));
                }
            }
        }
        report.forEach(System.out::println);
        assertTrue(all, String.join("\n", report));
    }
}
