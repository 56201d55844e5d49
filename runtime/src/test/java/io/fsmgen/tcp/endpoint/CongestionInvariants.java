package io.fsmgen.tcp.endpoint;

import io.fsmgen.TransitionListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches one sender's congestion machine through a whole seeded life and checks, at every transition, what RFC 5681
 * and RFC 6582 say the window must do: slow start grows by at most SMSS per ACK, congestion avoidance by SMSS at
 * most once per ACK, three duplicate ACKs halve the flight and inflate by three segments, a timeout collapses cwnd to
 * one segment, and cwnd never falls below one segment. With SACK, recovery starts at cwnd = ssthresh (RFC 6675).
 */
final class CongestionInvariants implements TransitionListener<RecoveryState, AckEvent> {

    private final TcpConnection sender;
    private final List<String> violations = new ArrayList<>();
    private long cwndBefore;
    private long slowStartSteps;
    private long halvings;
    private long collapses;

    CongestionInvariants(TcpConnection sender) {
        this.sender = sender;
        sender.congestion().addListener(this);
        this.cwndBefore = sender.congestion().cwnd();
    }

    @Override
    public void transitioned(RecoveryState from, AckEvent event, RecoveryState to) {
        CongestionMachine c = sender.congestion();
        long smss = c.smss();
        long cwnd = c.cwnd();
        long ssthresh = c.ssthresh();
        if (cwnd < smss) {
            violations.add("cwnd " + cwnd + " below SMSS " + smss + " after " + from + " -" + event + "-> " + to);
        }
        // Before the handshake's end the window is unset; the first step after start() has no "before" to compare.
        boolean started = cwndBefore >= smss;
        if (started && from == RecoveryState.OPEN && event == AckEvent.NEW_ACK) {
            long growth = cwnd - cwndBefore;
            if (cwndBefore < ssthresh) {
                slowStartSteps++;
                if (growth > smss) {
                    violations.add("slow start grew cwnd by " + growth + " > SMSS " + smss);
                }
            } else if (growth > smss) {
                violations.add("congestion avoidance grew cwnd by " + growth + " > SMSS " + smss);
            }
        }
        if (event == AckEvent.DUP_THRESHOLD && to == RecoveryState.FAST_RECOVERY && from != to) {
            halvings++;
            long flight = sender.tcb().inFlight();
            long inflation = c.sack() ? 0 : 3 * smss; // RFC 6675 §5 (4.2) vs RFC 5681 §3.2 step 4
            if (ssthresh != Math.max(flight / 2, 2 * smss) || cwnd != ssthresh + inflation) {
                violations.add("fast retransmit with flight " + flight + ": ssthresh " + ssthresh + ", cwnd " + cwnd
                        + " (SMSS " + smss + ")");
            }
        }
        if (event == AckEvent.TIMEOUT) {
            collapses++;
            if (cwnd != smss) {
                violations.add("timeout left cwnd at " + cwnd + ", not SMSS " + smss);
            }
        }
        cwndBefore = cwnd;
    }

    List<String> violations() {
        return violations;
    }

    long slowStartSteps() {
        return slowStartSteps;
    }

    long halvings() {
        return halvings;
    }

    long collapses() {
        return collapses;
    }
}
