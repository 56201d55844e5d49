package io.fsmgen.tcp.endpoint;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.engine.RetransmissionBudget;
import io.fsmgen.tcp.engine.RetransmissionLimits;
import io.fsmgen.tcp.engine.RtoConfig;
import io.fsmgen.tcp.engine.RtoEstimator;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The timers of one connection's send side: RFC 6298's retransmission timer (one RTT sample in flight at a time,
 * Karn's rule, backoff), the R2 budget of the current head of the queue (§3.8.3), and the persist timer that probes a
 * zero window (§3.8.6.1). It never builds a segment: it tells the connection when time is up, and the send side and
 * congestion control decide what to resend.
 */
final class RetransmissionTimer {

    private final RtoEstimator rto;
    private final RtoConfig rtoConfig;
    private final LongSupplier nanoTime;
    private final Timer timer;
    private final Timer persist;
    private RetransmissionBudget budget;
    private Duration persistDelay = Duration.ZERO;
    private boolean timing;
    private int timedEnd;
    private long timedAtNanos;
    private boolean synRetransmitted;
    private long retransmissions;
    private long rttSamples;

    RetransmissionTimer(RtoConfig config, Scheduler scheduler, LongSupplier nanoTime, Runnable onExpiry,
            Runnable onPersistExpiry) {
        this.rto = new RtoEstimator(config);
        this.rtoConfig = config;
        this.nanoTime = nanoTime;
        this.timer = new Timer(scheduler, onExpiry);
        this.persist = new Timer(scheduler, onPersistExpiry);
    }

    /** New sequence space up to {@code sndNxt} went out: time it if nothing is timed, arm the timer if idle. */
    void sent(int sndNxt, RetransmissionLimits headLimits) {
        if (!timing) {
            timing = true;
            timedEnd = sndNxt;
            timedAtNanos = nanoTime.getAsLong();
        }
        if (!timer.isArmed()) {
            restart(headLimits);
        }
    }

    /**
     * SND.UNA advanced to {@code ack}: take the RTT sample if it covers the timed segment, stop the timer if nothing is
     * left in flight, else restart it (RFC 6298 (5.3)) unless {@code restart} is false (RFC 6582 step 5: during fast
     * recovery only the first partial ACK restarts it).
     */
    void acknowledged(int ack, int sndNxt, boolean synAcknowledged, RetransmissionLimits headLimits, boolean restart) {
        if (synAcknowledged && synRetransmitted) {
            rto.onHandshakeDoneAfterSynRetransmission();
        }
        if (timing && SeqNum.ge(ack, timedEnd)) {
            rto.addSample(Duration.ofNanos(nanoTime.getAsLong() - timedAtNanos), false);
            rttSamples++;
            timing = false;
        }
        if (ack == sndNxt) {
            stop();
        } else if (restart || !timer.isArmed()) {
            restart(headLimits); // RFC 6298 (5.3)
        }
    }

    /** The timer expired: retransmit, or give up once R2 has elapsed for the head of the queue. */
    boolean exhausted() {
        return budget.onTimeout(nanoTime.getAsLong()) == RetransmissionBudget.Verdict.GIVE_UP;
    }

    /** The head is being resent after a timeout: back off (5.5), drop the sample (Karn), re-arm (5.6). */
    void retransmitting(boolean syn) {
        retransmissions++;
        rto.backOff();
        timing = false;
        synRetransmitted |= syn;
        timer.arm(rto.rto());
    }

    /**
     * The head was resent before its timer expired, because the peer showed it lost (its SYN again in SYN_RECEIVED):
     * Karn's rule drops the sample in flight, and the timer restarts from now at the current RTO, without backing off,
     * as Linux re-arms its SYN+ACK timer after answering a retransmitted SYN. R2 still counts from the first timing.
     */
    void resentEarly(boolean syn) {
        retransmissions++;
        timing = false;
        synRetransmitted |= syn;
        timer.arm(rto.rto());
    }

    void stop() {
        timer.cancel();
    }

    /** The current RTO, backoff included: also how long the send side may idle before slow start restarts. */
    Duration rto() {
        return rto.rto();
    }

    /** The smoothed RTT, once there is a sample. */
    Optional<Duration> srtt() {
        return rto.srtt();
    }

    /** How many RTT samples have been taken: the tail loss probe waits for a new one before probing again. */
    long rttSamples() {
        return rttSamples;
    }

    /** Whether our SYN or SYN+ACK was resent, which limits the initial window to one segment (RFC 5681 §3.1). */
    boolean synRetransmitted() {
        return synRetransmitted;
    }

    long retransmissions() {
        return retransmissions;
    }

    // ---- persist ----

    void armPersistIfIdle() {
        if (!persist.isArmed()) {
            persistDelay = rto.rto();
            persist.arm(persistDelay);
        }
    }

    /** A probe went out: the next one waits twice as long, up to the maximum RTO. */
    void persistProbed() {
        persistDelay = persistDelay.multipliedBy(2);
        if (persistDelay.compareTo(rtoConfig.maximum()) > 0) {
            persistDelay = rtoConfig.maximum();
        }
        persist.arm(persistDelay);
    }

    void stopPersist() {
        persist.cancel();
    }

    private void restart(RetransmissionLimits headLimits) {
        budget = new RetransmissionBudget(headLimits);
        budget.start(nanoTime.getAsLong());
        timer.arm(rto.rto());
    }
}
