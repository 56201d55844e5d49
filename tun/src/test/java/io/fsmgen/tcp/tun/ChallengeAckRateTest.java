package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.endpoint.TcpListener;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TcpOption;
import io.fsmgen.tcp.engine.TcpOptions;
import io.fsmgen.tcp.engine.Trace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * RFC 5961 §7 asks that challenge ACKs be rate-limited; how, it leaves open. These tests give a stock Linux socket
 * and the endpoint the very same burst of forged segments over TUN, each side the one its peer would be, and compare
 * how many answers each sends: Linux, on its own clock per socket ({@code tcp_send_challenge_ack} and
 * {@code tcp_oow_rate_limited} share {@code last_oow_ack_time}, {@code tcp_invalid_ratelimit} 500 ms; the global
 * {@code tcp_challenge_ack_limit} is unlimited by default), counts its answers in {@code /proc/net/netstat} too,
 * which the test reads to be sure each answer it heard is the one it provoked.
 */
class ChallengeAckRateTest {

    private static final Duration LIMIT = KernelClient.LIMIT;
    private static final int BURST = 10;
    /** Linux's listening port, where the kernel is the server. */
    private static final int KERNEL_PORT = 40_124;
    /** A port of Linux's where nothing listens. */
    private static final int CLOSED_PORT = KERNEL_PORT + 1;

    /** The burst's receiver as the forger sees it: its numbers, and the timestamps its peer would send. */
    private record Receiver(EndpointAddress from, EndpointAddress to, int rcvNxt, int sndNxt, int tsVal, int tsEcr) {

        Segment.Builder segment(int seq, TcpFlags flags, int tsVal) {
            return Segment.builder(from.port(), to.port()).seq(seq).ack(sndNxt).flags(flags).window(65_535)
                    .options(TcpOptions.of(new TcpOption.NoOperation(), new TcpOption.NoOperation(),
                            new TcpOption.Timestamps(tsVal, tsEcr)));
        }
    }

    /** Linux's answers to the burst and their count in its netstat, and ours. */
    private record Answers(int linux, Map<String, Long> linuxCounted, int ours) {
    }

    /** Linux answered the burst once, counted as a challenge ACK, and the endpoint answered as often. */
    private static void assertOneChallengeAckAsFromLinux(Answers answers) {
        assertEquals(1, answers.linux(), answers::toString);
        assertEquals(1L, answers.linuxCounted().get("TCPChallengeACK"), answers::toString);
        assertEquals(answers.linux(), answers.ours(), answers::toString);
    }

    @Test
    void test_ESTABLISHED_RCV_RST_inexactResetsDrawOneChallengeAckAsFromLinux() throws Exception {
        Answers answers = burst("rstburst", r -> repeat(i -> r.segment(r.rcvNxt() + 1 + i, TcpFlags.RST, r.tsVal())
                .ack(0).build()));
        assertOneChallengeAckAsFromLinux(answers);
        assertEquals((long) BURST - 1, answers.linuxCounted().get("TCPACKSkippedChallenge"), answers::toString);
    }

    @Test
    void test_ESTABLISHED_RCV_SYN_inTheWindowDrawsOneChallengeAckAsFromLinux() throws Exception {
        Answers answers = burst("synburst", r -> repeat(i -> r.segment(r.rcvNxt() + 1 + i, TcpFlags.SYN, r.tsVal())
                .ack(0).build()));
        assertOneChallengeAckAsFromLinux(answers);
    }

    @Test
    void test_ESTABLISHED_RCV_SYN_failingPawsDrawsOneChallengeAckAsFromLinux() throws Exception {
        Answers answers = burst("pawssyn", r -> repeat(i -> r.segment(r.rcvNxt() + 1 + i, TcpFlags.SYN,
                r.tsVal() - 1_000).ack(0).build()));
        assertOneChallengeAckAsFromLinux(answers);
    }

    /**
     * An ACK of data never sent, at RCV.NXT: RFC 9293 answers it with an ACK and drops it (T97); Linux answers it as a
     * challenge ACK, on the socket's clock, so a burst draws one answer, with text on the segments or without.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_UNACCEPTABLE_ackingUnsentDataDrawsOneAnswerAsFromLinux() throws Exception {
        Answers answers = burst("ackahead", r -> repeat(i -> r.segment(r.rcvNxt(), TcpFlags.ACK, r.tsVal())
                .ack(r.sndNxt() + 1000 + i).build()));
        assertOneChallengeAckAsFromLinux(answers);
    }

    @Test
    void test_ESTABLISHED_RCV_ACK_UNACCEPTABLE_withTextDrawsOneAnswerAsFromLinux() throws Exception {
        Answers answers = burst("ackaheadtext", r -> repeat(i -> r.segment(r.rcvNxt(), TcpFlags.PSH_ACK, r.tsVal())
                .ack(r.sndNxt() + 1000 + i).payload(new byte[] {1}).build()));
        assertOneChallengeAckAsFromLinux(answers);
    }

    /** An ACK far older than SND.UNA less the largest window (RFC 5961 §5.2) is challenged, once per burst. */
    @Test
    void test_ESTABLISHED_RCV_ACK_olderThanTheWindowDrawsOneChallengeAckAsFromLinux() throws Exception {
        Answers answers = burst("ackold", r -> repeat(i -> r.segment(r.rcvNxt(), TcpFlags.ACK, r.tsVal())
                .ack(r.sndNxt() - (1 << 30) - i).build()));
        assertOneChallengeAckAsFromLinux(answers);
    }

    @Test
    void test_ESTABLISHED_RCV_RST_afterAnAnswerOutsideTheWindowDrawsNoChallengeAckAsFromLinux() throws Exception {
        Answers answers = burst("sharedclock", r -> {
            List<Segment> segments = new ArrayList<>();
            segments.add(r.segment(r.rcvNxt() - 100_000, TcpFlags.ACK, r.tsVal()).build());
            segments.addAll(repeat(i -> r.segment(r.rcvNxt() + 1 + i, TcpFlags.RST, r.tsVal()).ack(0).build()));
            return segments;
        });
        assertEquals(1, answers.linux(), answers::toString);
        assertEquals(0L, answers.linuxCounted().get("TCPChallengeACK"), answers::toString);
        assertEquals((long) BURST, answers.linuxCounted().get("TCPACKSkippedChallenge"), answers::toString);
        assertEquals(answers.linux(), answers.ours(), answers::toString);
    }

    /**
     * A listener's pending connection, ours and Linux's request socket, gets a SYN, a copy of it failing PAWS, and the
     * SYN again at once. Linux answers the first with its SYN+ACK and the second with an ACK ({@code tcp_check_req}),
     * and the third not at all: that ACK set the clock on which it also answers the SYN again. So must we (TcpSpec's
     * A8 sends the SYN+ACK again only once per 500 ms of answers outside the window).
     */
    @Test
    void test_SYN_RECEIVED_RCV_SYN_RETRANSMITTED_rightAfterAPawsFailureIsNotAnsweredAsFromLinux() throws Exception {
        withListeners("synrecv", (net, loop, tap, us, listener, server) -> {
            EndpointAddress linux = EndpointAddress.of(TunNamespace.KERNEL, KERNEL_PORT);
            Map<String, Long> before = netstat(net);
            int heardBefore = tap.heard.size();
            synThenPawsFailureThenSynAgain(us, linux).forEach(s -> tap.forgeToKernel(linux, s));
            List<TcpFlags> linuxAnswers = linuxAnswersUntilClosedPort(loop, tap, us, heardBefore);
            Map<String, Long> after = netstat(net);

            int sentBefore = tap.sent.size();
            EndpointAddress client = EndpointAddress.of(TunNamespace.KERNEL, KERNEL_PORT + 2);
            synThenPawsFailureThenSynAgain(client, us).forEach(s -> tap.forgeToEndpoint(client, s));
            List<TcpFlags> ourAnswers = tap.sent.stream().skip(sentBefore).map(Segment::flags).toList();

            assertEquals(List.of(TcpFlags.SYN_ACK, TcpFlags.ACK), linuxAnswers, "Linux's answers");
            assertEquals(1L, after.get("TCPACKSkippedSynRecv") - before.get("TCPACKSkippedSynRecv"),
                    "Linux counted the SYN again it did not answer");
            assertEquals(linuxAnswers, ourAnswers, "our answers against Linux's");
        });
    }

    /**
     * A RST in the window but not at RCV.NXT, to a pending connection, and then the handshake's ACK. The endpoint
     * answers the RST with a challenge ACK (T93, RFC 5961 §3.2) and the ACK completes its handshake. Linux's request
     * socket does the same on this kernel (6.18), although older kernels' {@code tcp_check_req} dropped the request
     * on any RST in the window ("embryonic reset"): it answers with an ACK, and the connection reaches its accept
     * queue.
     */
    @Test
    void test_SYN_RECEIVED_RCV_RST_inTheWindowIsChallengedAsByLinux() throws Exception {
        PendingAnswers answers = resetInSynReceived("synrst", 5);
        assertEquals(List.of(TcpFlags.ACK), answers.linux(), "Linux challenges the RST: " + answers);
        assertTrue(answers.linuxConnected(), "Linux's request survived the RST: " + answers);
        assertEquals(answers.linux(), answers.ours(), "our answers against Linux's");
        assertTrue(answers.ourConnected(), "our pending connection survived the RST: " + answers);
    }

    /**
     * A RST at exactly RCV.NXT resets a pending connection (T32: back to LISTEN): the handshake's ACK after it meets
     * only the listener, which answers with a RST, on Linux as here.
     */
    @Test
    void test_SYN_RECEIVED_RCV_RST_atRcvNxtResetsAsOnLinux() throws Exception {
        PendingAnswers answers = resetInSynReceived("synrstexact", 0);
        assertEquals(List.of(TcpFlags.RST), answers.linux(), "Linux's listener resets the ACK: " + answers);
        assertFalse(answers.linuxConnected(), answers::toString);
        assertEquals(answers.linux(), answers.ours(), "our answers against Linux's");
        assertFalse(answers.ourConnected(), answers::toString);
    }

    /** What Linux and the endpoint answered after their SYN+ACK, and whether a connection came out of it. */
    private record PendingAnswers(List<TcpFlags> linux, boolean linuxConnected, List<TcpFlags> ours,
            boolean ourConnected) {
    }

    /**
     * A SYN to each side's listener, then a RST {@code beyondRcvNxt} octets past RCV.NXT, then the handshake's ACK.
     */
    private static PendingAnswers resetInSynReceived(String label, int beyondRcvNxt) throws Exception {
        PendingAnswers[] answers = new PendingAnswers[1];
        withListeners(label, (net, loop, tap, us, listener, server) -> {
            EndpointAddress linux = EndpointAddress.of(TunNamespace.KERNEL, KERNEL_PORT);
            int iss = 1_000_000;
            int heardBefore = tap.heard.size();
            tap.forgeToKernel(linux, syn(us, linux, iss, 5_000_000));
            loop.runUntil(() -> tap.heard.stream().skip(heardBefore).anyMatch(s -> s.has(TcpFlag.SYN)), LIMIT,
                    () -> "Linux's SYN+ACK: heard " + tap.heard);
            Segment linuxSynAck = tap.heard.get(tap.heard.size() - 1);
            int afterSynAck = tap.heard.size();
            resetThenAck(us, linux, iss, beyondRcvNxt, linuxSynAck).forEach(s -> tap.forgeToKernel(linux, s));
            List<TcpFlags> linuxAnswers = linuxAnswersUntilClosedPort(loop, tap, us, afterSynAck);
            server.configureBlocking(false);
            boolean linuxConnected;
            try (SocketChannel accepted = server.accept()) {
                linuxConnected = accepted != null;
            }

            EndpointAddress client = EndpointAddress.of(TunNamespace.KERNEL, KERNEL_PORT + 2);
            tap.forgeToEndpoint(client, syn(client, us, iss, 5_000_000));
            Segment ourSynAck = tap.sent.get(tap.sent.size() - 1);
            int sentBefore = tap.sent.size();
            resetThenAck(client, us, iss, beyondRcvNxt, ourSynAck).forEach(s -> tap.forgeToEndpoint(client, s));
            List<TcpFlags> ourAnswers = tap.sent.stream().skip(sentBefore).map(Segment::flags).toList();
            Optional<TcpConnection> ours = listener.accept();
            ours.ifPresent(TcpConnection::abort);
            answers[0] = new PendingAnswers(linuxAnswers, linuxConnected, ourAnswers,
                    ours.filter(c -> c.states().contains(TcpState.ESTABLISHED)).isPresent());
        });
        return answers[0];
    }

    private static List<Segment> resetThenAck(EndpointAddress from, EndpointAddress to, int iss, int beyondRcvNxt,
            Segment synAck) {
        int tsEcr = synAck.options().timestamps().orElseThrow().value();
        TcpOptions timestamps = TcpOptions.builder().timestamps(5_000_001, tsEcr).build();
        return List.of(
                Segment.builder(from.port(), to.port()).seq(iss + 1 + beyondRcvNxt).flags(TcpFlags.RST).window(65_535)
                        .options(timestamps).build(),
                Segment.builder(from.port(), to.port()).seq(iss + 1).ack(synAck.seq() + 1).flags(TcpFlags.ACK)
                        .window(65_535).options(timestamps).build());
    }

    /**
     * Forges a SYN to a closed port of Linux's, whose RST comes after every answer to what was forged before it, and
     * returns the flags of the answers from Linux's listening port heard since {@code heardBefore}.
     */
    private static List<TcpFlags> linuxAnswersUntilClosedPort(EndpointLoop loop, Wiretap tap, EndpointAddress us,
            int heardBefore) throws IOException {
        tap.forgeToKernel(EndpointAddress.of(TunNamespace.KERNEL, CLOSED_PORT),
                Segment.builder(us.port(), CLOSED_PORT).seq(7).flags(TcpFlags.SYN).window(65_535).build());
        loop.runUntil(() -> tap.heard.stream().skip(heardBefore).anyMatch(s -> s.sourcePort() == CLOSED_PORT), LIMIT,
                () -> "Linux's RST from its closed port: heard " + tap.heard);
        return tap.heard.stream().skip(heardBefore).filter(s -> s.sourcePort() == KERNEL_PORT).map(Segment::flags)
                .toList();
    }

    /** What a test does with Linux listening in a fresh namespace and the endpoint listening at {@code us}. */
    private interface Listeners {
        void run(TunNamespace net, EndpointLoop loop, Wiretap tap, EndpointAddress us, TcpListener listener,
                ServerSocketChannel server) throws Exception;
    }

    /**
     * Linux listening at {@link #KERNEL_PORT} and the endpoint listening behind a tap that keeps every segment of
     * Linux's from it (Linux's answers to what was forged in the endpoint's name, and its RSTs to the endpoint's
     * answers to segments forged in Linux's name, would otherwise reach connections they are not meant for).
     */
    private static void withListeners(String label, Listeners body) throws Exception {
        Optional<String> reason = TunNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
        int port = 19_000 + (int) (ProcessHandle.current().pid() % 1_000);
        Wiretap tap = new Wiretap(s -> true);
        try (TunNamespace net = TunNamespace.create(label, KernelInteropContract.MTU, Impairment.NONE);
                ServerSocketChannel server = net.namespace().call(ServerSocketChannel::open)) {
            EndpointLoop loop = new EndpointLoop(net.link());
            TcpEndpoint endpoint = loop.endpoint("endpoint", EndpointConfig.loopback(Duration.ofMillis(50)), port,
                    Trace.disabled(), tap::hearing, tap::speaking);
            try {
                TcpListener listener = endpoint.listen();
                server.bind(new InetSocketAddress(TunNamespace.KERNEL.toInetAddress(), KERNEL_PORT));
                body.run(net, loop, tap, EndpointAddress.of(TunNamespace.ENDPOINT, port), listener, server);
            } finally {
                net.link().detach(port);
            }
        }
    }

    private static List<Segment> synThenPawsFailureThenSynAgain(EndpointAddress from, EndpointAddress to) {
        int iss = 1_000_000;
        int tsVal = 5_000_000;
        return List.of(syn(from, to, iss, tsVal), syn(from, to, iss, tsVal - 1_000), syn(from, to, iss, tsVal + 1));
    }

    private static Segment syn(EndpointAddress from, EndpointAddress to, int iss, int tsVal) {
        return Segment.builder(from.port(), to.port()).seq(iss).flags(TcpFlags.SYN).window(65_535)
                .options(TcpOptions.builder().mss(1460).timestamps(tsVal, 0).build()).build();
    }

    // ---- the burst, to Linux and to us ----

    /**
     * A Linux client connects to the endpoint; {@code forge} makes a burst for Linux's socket, and one for the
     * endpoint's connection, from each one's numbers; each side's answers are counted.
     */
    private static Answers burst(String label, Function<Receiver, List<Segment>> forge) throws Exception {
        Wiretap tap = new Wiretap();
        Answers[] answers = new Answers[1];
        KernelClient.tapped(label, EndpointConfig.loopback(Duration.ofMillis(50)), tap,
                (net, loop, kernel, listener) -> {
                    TcpConnection c = KernelClient.accept(loop, listener);
                    EndpointAddress us = c.id().local();
                    EndpointAddress linux = c.id().remote();

                    // To Linux: then a byte of ours, whose ACK comes after every answer to the burst.
                    Map<String, Long> before = netstat(net);
                    int linuxRcvNxt = c.tcb().sndNxt();
                    int heardBefore = tap.heard.size();
                    Receiver linuxSocket = new Receiver(us, linux, linuxRcvNxt, c.tcb().rcvNxt(),
                            lastTsVal(tap.sent), lastTsVal(tap.heard));
                    forge.apply(linuxSocket).forEach(s -> tap.forgeToKernel(linux, s));
                    c.send(new byte[] {1});
                    loop.runUntil(() -> tap.heard.stream().skip(heardBefore)
                            .anyMatch(s -> s.ack() == linuxRcvNxt + 1), LIMIT, () -> "Linux's ACK of our byte");
                    int linuxAnswers = (int) tap.heard.stream().skip(heardBefore)
                            .filter(s -> isPureAck(s) && s.ack() == linuxRcvNxt).count();
                    Map<String, Long> after = netstat(net);
                    Map<String, Long> counted = Map.of(
                            "TCPChallengeACK", after.get("TCPChallengeACK") - before.get("TCPChallengeACK"),
                            "TCPACKSkippedChallenge",
                            after.get("TCPACKSkippedChallenge") - before.get("TCPACKSkippedChallenge"),
                            "TCPACKSkippedSeq", after.get("TCPACKSkippedSeq") - before.get("TCPACKSkippedSeq"));

                    // To us: answered at once.
                    int sentBefore = tap.sent.size();
                    Receiver ours = new Receiver(linux, us, c.tcb().rcvNxt(), c.tcb().sndNxt(),
                            lastTsVal(tap.heard), lastTsVal(tap.sent));
                    forge.apply(ours).forEach(s -> tap.forgeToEndpoint(linux, s));
                    int ourAnswers = (int) tap.sent.stream().skip(sentBefore).filter(ChallengeAckRateTest::isPureAck)
                            .count();
                    assertEquals(TcpState.ESTABLISHED, c.state(), "no forged segment ends the connection");
                    assertEquals(List.of(TcpSignal.CONNECTED), c.signals());
                    answers[0] = new Answers(linuxAnswers, counted, ourAnswers);
                    c.abort();
                });
        return answers[0];
    }

    private static List<Segment> repeat(Function<Integer, Segment> segment) {
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            segments.add(segment.apply(i));
        }
        return segments;
    }

    private static boolean isPureAck(Segment s) {
        return s.payloadLength() == 0 && s.flags().equals(TcpFlags.ACK);
    }

    private static int lastTsVal(List<Segment> segments) {
        return segments.get(segments.size() - 1).options().timestamps().orElseThrow().value();
    }

    /** The namespace's TcpExt counters, by name. */
    private static Map<String, Long> netstat(TunNamespace net) throws IOException {
        String[] lines = net.namespace().exec("cat", "/proc/net/netstat").split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            if (lines[i].startsWith("TcpExt:")) {
                String[] names = lines[i].split(" ");
                String[] values = lines[i + 1].split(" ");
                java.util.HashMap<String, Long> counters = new java.util.HashMap<>();
                for (int k = 1; k < names.length; k++) {
                    counters.put(names[k], Long.parseLong(values[k]));
                }
                return counters;
            }
        }
        throw new IOException("no TcpExt line in /proc/net/netstat");
    }
}
