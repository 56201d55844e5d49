package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.LAST_ACK;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kernel events lost to a full buffer, over the tracepoint: the connections that waited on them are looked up in the
 * kernel's table and moved to where the kernel is. The loss is made by dropping the connection's events before the
 * runtime reads them ({@link TracedTransitions#dropForTests}), then reporting {@link KernelTcpEvent.EventsLost} as the
 * kernel's reader would; the sockets, the kernel and its table are real.
 */
@Timeout(120)
class LostEventsResyncTest {

    @BeforeEach
    void needsTheTracepointAndTheTable() {
        assumeTrue(KernelTransitionSource.availability().isAvailable(), "no tracepoints here");
        assumeTrue(new KernelTcpTable().isAvailable(), "no kernel TCP table here");
    }

    private static NioTcpRuntime openTraced() throws java.io.IOException {
        return NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(TransitionSource.TRACEPOINT));
    }

    private static TracedTransitions traced(NioTcpRuntime rt) {
        return (TracedTransitions) rt.hidden();
    }

    private static void loseEvents(NioTcpRuntime rt) {
        traced(rt).onEvent(new KernelTcpEvent.EventsLost(System.nanoTime(), 0, 1));
    }

    /**
     * Our close in ESTABLISHED waits for the kernel to say which FIN went first, and the peer then ACKs it: both
     * events are lost. One look at the table answers both: FIN_WAIT_1, then FIN_WAIT_2.
     */
    @Test
    void test_ESTABLISHED_CLOSE_eventsLost_theTableShowsFinWait2() throws Exception {
        try (NioTcpRuntime rt = openTraced();
                ServerSocketChannel plain = ServerSocketChannel.open()) {
            plain.bind(NioTcpTransitionsTest.ANY);
            Recorder r = new Recorder("runtime side");
            NioTcpConnection c = rt.connect(plain.getLocalAddress(), r);
            try (SocketChannel peer = plain.accept()) {
                Recorder.get(r.opened);
                NioTcpLifeTest.agree(rt, c, ESTABLISHED);
                traced(rt).dropForTests(event -> true);
                c.close();
                assertEquals(FIN_WAIT_2, KernelSettle.await(rt, c, FIN_WAIT_2), "kernel state");
                assertFalse(c.state() == FIN_WAIT_2, "the events that would have moved it were dropped");

                loseEvents(rt);
                NioTcpLifeTest.agree(rt, c, FIN_WAIT_2);
                // The look that answered is done with: a later question gets a look of its own, and an answer.
                PolledTransitions looks = traced(rt).looksForTests();
                CompletableFuture<io.fsmgen.tcp.kernel.KernelTcpState> asked = new CompletableFuture<>();
                c.loop.execute(() -> {
                    assertEquals(0, looks.waiting(), "no look left behind");
                    looks.lookUp(c, asked::complete);
                });
                assertEquals(io.fsmgen.tcp.kernel.KernelTcpState.FIN_WAIT2, Recorder.get(asked));

                traced(rt).dropForTests(null); // the tracepoint follows on as before: the peer's FIN
                peer.close();
                NioTcpLifeTest.agree(rt, c, TIME_WAIT);
                assertEquals(CloseCause.NORMAL, Recorder.get(r.closed));
            }
        }
    }

    /** After the peer's FIN, our close sends ours (LAST_ACK); its ACK, the socket's end, is lost. */
    @Test
    void test_LAST_ACK_RCV_ACK_eventsLost_theSocketIsGoneFromTheTable() throws Exception {
        try (NioTcpRuntime rt = openTraced();
                ServerSocketChannel plain = ServerSocketChannel.open()) {
            plain.bind(NioTcpTransitionsTest.ANY);
            Recorder r = new Recorder("runtime side");
            NioTcpConnection c = rt.connect(plain.getLocalAddress(), r);
            try (SocketChannel peer = plain.accept()) {
                Recorder.get(r.opened);
                peer.shutdownOutput();
                Recorder.get(r.peerFinished);
                NioTcpLifeTest.agree(rt, c, CLOSE_WAIT);
                traced(rt).dropForTests(event -> true);
                c.close();
                assertEquals(CLOSED, KernelSettle.await(rt, c, CLOSED), "kernel state");
                Recorder.await(rt, c + " to send its FIN", () -> c.state() == LAST_ACK);
                assertFalse(r.closed.isDone(), "closed waits for the ACK of our FIN, whose event was dropped");

                loseEvents(rt);
                assertEquals(CloseCause.NORMAL, Recorder.get(r.closed));
                assertEquals(CLOSED, c.state());
                assertTrue(r.log.containsAll(List.of("peerFinished", "closed NORMAL")), r.log.toString());
            }
        }
    }

    /**
     * The kernel gives a connection's addresses to a new socket once the old one is gone: an old connection whose
     * end was lost (here a RST in CLOSE_WAIT, which no read shows) is taken as ended once the loss is reported, though
     * the table's row for those addresses is now the new connection's.
     */
    @Test
    void test_CLOSE_WAIT_RCV_RST_lost_isTakenWhenItsAddressesAreReused() throws Exception {
        try (NioTcpRuntime rt = openTraced()) {
            java.util.concurrent.LinkedBlockingQueue<NioTcpConnection> accepted =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            Recorder first = new Recorder("first");
            Recorder second = new Recorder("second");
            NioTcpListener l = rt.listen(NioTcpTransitionsTest.ANY, new NioTcpHandler() {
                @Override
                public void opened(NioTcpConnection c) {
                    accepted.add(c);
                    (accepted.size() == 1 && !first.opened.isDone() ? first : second).opened(c);
                }

                @Override
                public void peerFinished(NioTcpConnection c) {
                    (first.opened.getNow(null) == c ? first : second).peerFinished(c);
                }

                @Override
                public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                    (first.opened.getNow(null) == c ? first : second).closed(c, cause, detail);
                }
            });
            java.net.InetSocketAddress clientAddress;
            NioTcpConnection a;
            try (SocketChannel client = SocketChannel.open()) {
                client.bind(NioTcpTransitionsTest.ANY);
                clientAddress = (java.net.InetSocketAddress) client.getLocalAddress();
                client.connect(l.localAddress());
                a = Recorder.get(first.opened);
                client.shutdownOutput();
                Recorder.get(first.peerFinished);
                NioTcpLifeTest.agree(rt, a, CLOSE_WAIT);
                traced(rt).dropForTests(event -> true);
                client.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            } // a RST: the kernel ends a's socket, and its events are dropped
            assertEquals(CLOSED, KernelSettle.await(rt, a, CLOSED), "kernel state");
            assertEquals(CLOSE_WAIT, a.state(), "a's end was lost");
            traced(rt).dropForTests(null);
            try (SocketChannel again = SocketChannel.open()) {
                again.bind(clientAddress);
                again.connect(l.localAddress());
                NioTcpConnection b = Recorder.get(second.opened);
                loseEvents(rt); // as the kernel's reader reports the loss
                assertEquals(CloseCause.RESET, Recorder.get(first.closed));
                assertEquals(CLOSED, a.state());
                assertEquals(ESTABLISHED, b.state());
                assertFalse(second.closed.isDone());
            }
        }
    }

    /**
     * A peer's RST read while our close waits for the kernel's word is held ({@link ConnectionCallbacks#holdEnd}); the
     * answer, here the table's after the events were lost, arms a bound (30 s) in case the words that end the path
     * never come. Once the connection has ended, no timer of its loop may hold it, or it (its handler, its buffers)
     * stays reachable for 30 s after {@code closed}.
     */
    @Test
    void test_ESTABLISHED_CLOSE_aRstReadWhileItWaitsLeavesNoTimerHoldingTheConnection() throws Exception {
        try (NioTcpRuntime rt = openTraced();
                ServerSocketChannel plain = ServerSocketChannel.open()) {
            plain.bind(NioTcpTransitionsTest.ANY);
            Recorder r = new Recorder("runtime side");
            NioTcpConnection c = rt.connect(plain.getLocalAddress(), r);
            try (SocketChannel peer = plain.accept()) {
                Recorder.get(r.opened);
                NioTcpLifeTest.agree(rt, c, ESTABLISHED);
                traced(rt).dropForTests(event -> true); // the answer to the close never comes
                c.close();
                java.nio.ByteBuffer sink = java.nio.ByteBuffer.allocate(64);
                while (peer.read(sink) >= 0) {
                    sink.clear(); // until our FIN
                }
                peer.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
                peer.close(); // a RST, which the loop reads while its close still waits
                assertEquals(CLOSED, KernelSettle.await(rt, c, CLOSED), "kernel state");
                afterTheLoopSelects(c.loop);
                assertTrue(c.loop.call(c::endRead), "the RST was read and held");

                loseEvents(rt);
                assertEquals(CloseCause.RESET, Recorder.get(r.closed));
                assertEquals(CLOSED, c.state());
                assertEquals(0, (int) c.loop.call(() -> c.loop.timersHolding(c)));
            }
        }
    }

    /**
     * An abort with the peer's FIN unread (the kernel aborts from CLOSE_WAIT) waits for its socket's change into CLOSE,
     * and a loss is reported in the same callback. A channel closed while registered keeps its socket until the loop's
     * next select, so the abort's RST and change come only after the callback, and after the resync's barrier: the
     * change was not lost, it is not made yet. The resync must not take the abort as an estimate from ESTABLISHED; the
     * change, once made and delivered, says CLOSE_WAIT. The callback returns once the resync's pass has posted its
     * looks, so they run before the loop selects.
     */
    @Test
    void test_ESTABLISHED_ABORT_whoseChangeComesAfterALossTakesTheKernelsPath() throws Exception {
        java.util.concurrent.CountDownLatch inData = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch passPosted = new java.util.concurrent.CountDownLatch(1);
        NioTcpTransitionsTest.Transitions t = new NioTcpTransitionsTest.Transitions();
        try (NioTcpRuntime rt = openTraced();
                ServerSocketChannel plain = ServerSocketChannel.open()) {
            Recorder client = new Recorder("client") {
                @Override
                public void data(NioTcpConnection c, java.nio.ByteBuffer data) {
                    super.data(c, data);
                    inData.countDown(); // the peer's FIN now comes in while this loop reads nothing
                    assertEquals(CLOSE_WAIT, KernelSettle.await(rt, c, CLOSE_WAIT), "kernel state");
                    traced(rt).passPostedForTests(passPosted::countDown);
                    c.abort();
                    assertEquals(CLOSE_WAIT, KernelSettle.await(rt, c, CLOSE_WAIT), "the socket, not closed yet");
                    loseEvents(rt);
                    awaitQuietly(passPosted); // the pass's looks wait on this loop, ahead of its next select
                }
            };
            rt.addListener(t);
            plain.bind(NioTcpTransitionsTest.ANY);
            NioTcpConnection c = rt.connect(plain.getLocalAddress(), client);
            try (SocketChannel peer = plain.accept()) {
                Recorder.get(client.opened);
                peer.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
                assertTrue(inData.await(Changes.BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "data()");
                peer.shutdownOutput();
                assertEquals(CloseCause.RESET, Recorder.get(client.closed));
                assertEquals(CLOSED, c.state());
                assertTrue(c.observed(), "the kernel's word, not an estimate");
            }
        }
        assertTrue(t.seen.contains("CLOSE_WAIT --ABORT--> CLOSED"), t.ordered.toString());
        assertFalse(t.seen.contains("ESTABLISHED --ABORT--> CLOSED"), t.ordered.toString());
    }

    /**
     * An abort whose own change into CLOSE was lost: once the loss is reported and the kernel's stream has caught up,
     * the abort is taken from where the machine is, marked estimated, without waiting for its 30 s bound.
     */
    @Test
    void test_ESTABLISHED_ABORT_whoseChangeIsLostIsEstimatedOnceTheStreamCaughtUp() throws Exception {
        try (NioTcpRuntime rt = openTraced();
                ServerSocketChannel plain = ServerSocketChannel.open()) {
            plain.bind(NioTcpTransitionsTest.ANY);
            Recorder r = new Recorder("runtime side");
            NioTcpConnection c = rt.connect(plain.getLocalAddress(), r);
            try (SocketChannel peer = plain.accept()) {
                Recorder.get(r.opened);
                NioTcpLifeTest.agree(rt, c, ESTABLISHED);
                traced(rt).dropForTests(event -> event instanceof KernelTcpEvent.StateChange s
                        && s.local().equals(c.localAddress()));
                c.abort();
                loseEvents(rt);
                assertEquals(CloseCause.RESET, Recorder.get(r.closed));
                assertEquals(CLOSED, c.state());
                assertFalse(c.observed(), "its word was lost: an estimate");
            }
        }
    }

    /**
     * A RST ends our LAST_ACK (the FIN behind data the peer never read), and a loss is reported before the socket's
     * change into CLOSE is delivered: the change was not lost. A look at the table then would find the socket gone and
     * read it as the ACK of our FIN (NORMAL), and the change, come after, would find the machine CLOSED. The resync
     * waits for the stream, so the change says RCV_RST. The reader is held inside the change's delivery until the
     * resync waits for it, or until the connection has ended without it.
     */
    @Test
    void test_LAST_ACK_RCV_RST_whoseChangeComesAfterALossIsTheReset() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        NioTcpTransitionsTest.Transitions t = new NioTcpTransitionsTest.Transitions();
        try (NioTcpRuntime rt = openTraced();
                ServerSocketChannel plain = NioTcpTransitionsTest.smallWindowPeer()) {
            rt.addListener(t);
            Recorder r = new Recorder("runtime side");
            NioTcpConnection c = rt.connect(plain.getLocalAddress(), r);
            try (SocketChannel peer = plain.accept()) {
                Recorder.get(r.opened);
                peer.shutdownOutput();
                Recorder.get(r.peerFinished);
                NioTcpLifeTest.agree(rt, c, CLOSE_WAIT);
                assertEquals(WriteResult.WRITTEN, c.write(java.nio.ByteBuffer.allocate(
                        NioTcpTransitionsTest.MORE_THAN_THE_PEER_TAKES)));
                c.close();
                NioTcpLifeTest.agree(rt, c, LAST_ACK);
                traced(rt).dropForTests(event -> {
                    if (event instanceof KernelTcpEvent.StateChange s && s.local().equals(c.localAddress())
                            && s.oldState() == io.fsmgen.tcp.kernel.KernelTcpState.LAST_ACK) {
                        awaitQuietly(release); // LAST_ACK's end, held on the reader's thread
                    }
                    return false; // dropped none
                });
                traced(rt).waitingForTheStreamForTests(release::countDown);
                r.closed.whenComplete((cause, failure) -> release.countDown());
                peer.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
                peer.close(); // with our data unread: a RST
                assertEquals(CLOSED, KernelSettle.await(rt, c, CLOSED), "kernel state");
                loseEvents(rt);
                assertEquals(CloseCause.RESET, Recorder.get(r.closed));
            }
        }
        assertTrue(t.seen.contains("LAST_ACK --RCV_RST--> CLOSED"), t.ordered.toString());
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            assertTrue(latch.await(Changes.BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns once {@code loop} has selected again after this call began, and so read what was ready then: a task,
     * then a timer due at once (run after the loop's tasks), then a task (run after its next select).
     */
    private static void afterTheLoopSelects(EventLoop loop) {
        CompletableFuture<Void> selected = new CompletableFuture<>();
        loop.execute(() -> loop.schedule(java.time.Duration.ZERO, () -> loop.execute(() -> selected.complete(null)),
                null));
        Recorder.get(selected);
    }

    /** A loss while nothing hidden is awaited moves nothing. */
    @Test
    void aLossWhileNothingIsAwaitedChangesNothing() throws Exception {
        try (NioTcpRuntime rt = openTraced();
                ServerSocketChannel plain = ServerSocketChannel.open()) {
            plain.bind(NioTcpTransitionsTest.ANY);
            Recorder r = new Recorder("runtime side");
            NioTcpConnection c = rt.connect(plain.getLocalAddress(), r);
            try (SocketChannel peer = plain.accept()) {
                Recorder.get(r.opened);
                NioTcpLifeTest.agree(rt, c, ESTABLISHED);
                loseEvents(rt);
                // A task posted after the looks runs after them: the loop is one thread, in order.
                CompletableFuture<TcpState> after = new CompletableFuture<>();
                c.loop.execute(() -> after.complete(c.state()));
                assertEquals(ESTABLISHED, Recorder.get(after));
                NioTcpLifeTest.agree(rt, c, ESTABLISHED);
                assertEquals(List.of("opened"), r.log);
            }
        }
    }
}
