package io.fsmgen.tcp.endpoint;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.engine.RetransmissionBudget;
import io.fsmgen.tcp.engine.RetransmissionLimits;
import io.fsmgen.tcp.engine.RtoConfig;
import io.fsmgen.tcp.engine.RtoEstimator;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Timer;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The timing half of retransmission for one connection: RFC 6298's timer (one RTT sample in flight at a time, Karn's
 * rule, backoff), the R2 budget of the current head of the queue (§3.8.3), loss recovery after a timeout, and the
 * persist timer that probes a zero window (§3.8.6.1). It never builds a segment: it tells the connection when to
 * resend the head, and the connection decides what the head is.
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
    private boolean recovering;
    private int recoverSeq;
    private boolean synRetransmitted;
    private long retransmissions;

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
     * SND.UNA advanced to {@code ack}. Returns true when the head should be resent at once: a partial ACK during
     * recovery from a timeout means the next segment was lost too (NewReno's reasoning, RFC 6582 §3.2).
     */
    boolean acknowledged(int ack, int sndNxt, boolean synAcknowledged, RetransmissionLimits headLimits) {
        if (synAcknowledged && synRetransmitted) {
            rto.onHandshakeDoneAfterSynRetransmission();
        }
        if (timing && SeqNum.ge(ack, timedEnd)) {
            rto.addSample(Duration.ofNanos(nanoTime.getAsLong() - timedAtNanos), false);
            timing = false;
        }
        if (ack == sndNxt) {
            stop();
            return false;
        }
        restart(headLimits); // RFC 6298 (5.3)
        if (recovering && SeqNum.lt(ack, recoverSeq)) {
            return true;
        }
        recovering = false;
        return false;
    }

    /** The timer expired: retransmit, or give up once R2 has elapsed for the head of the queue. */
    boolean exhausted() {
        return budget.onTimeout(nanoTime.getAsLong()) == RetransmissionBudget.Verdict.GIVE_UP;
    }

    /**
     * The head is being resent after a timeout, with {@code sndNxt} sent so far: back off (5.5), drop the sample
     * (Karn), re-arm (5.6).
     */
    void retransmitting(int sndNxt, boolean syn) {
        retransmissions++;
        rto.backOff();
        timing = false;
        recovering = true;
        recoverSeq = sndNxt;
        synRetransmitted |= syn;
        timer.arm(rto.rto());
    }

    void stop() {
        timer.cancel();
        recovering = false;
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
