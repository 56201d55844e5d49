package io.fsmgen.web;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.nio.ConnectionListener;
import io.fsmgen.tcp.nio.NioTcpEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What a runtime really did, heard by a listener of the test's own: the truth the page is compared with. */
final class Transitions implements ConnectionListener {

    /** One transition. */
    record Heard(long id, String from, String event, String to) {}

    private final List<Heard> heard = new ArrayList<>();

    @Override
    public synchronized void transitioned(NioTcpEndpoint endpoint, TcpState from, TcpEvent event, TcpState to) {
        heard.add(new Heard(endpoint.id(), from.name(), event.name(), to.name()));
        notifyAll();
    }

    synchronized List<Heard> all() {
        return List.copyOf(heard);
    }

    /** The states {@code id} entered, in order. */
    synchronized List<String> statesOf(long id) {
        return heard.stream().filter(h -> h.id() == id).map(Heard::to).toList();
    }

    /** Waits until some transition matches; fails the test after {@code timeout}. */
    synchronized Heard await(String what, Predicate<Heard> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Heard h : heard) {
                if (match.test(h)) {
                    return h;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; heard " + heard);
            }
            wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    List<Heard> since(int index) {
        List<Heard> all = all();
        return new ArrayList<>(all.subList(Math.min(index, all.size()), all.size()));
    }
}
