package io.fsmgen.tcp.nio;

import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import io.fsmgen.Unhandled;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link TcpSpec} with the timeouts an application over {@code java.nio} needs, declared in the table rather than
 * hidden in the runtime. The fsmgen processor generates {@code NioTcpMachine} from it.
 *
 * <ul>
 *   <li><b>Connect timeout</b>: in SYN_SENT, after {@link NioTcpTimeouts#connect()}, fire
 *       {@link io.fsmgen.tcp.TcpEvent#USER_TIMEOUT}: the inherited {@code *} row (T98) closes the connection with
 *       "connection aborted due to user timeout".
 *   <li><b>FIN_WAIT_2 timeout</b>, like Linux's {@code tcp_fin_timeout}: in FIN_WAIT_2, after
 *       {@link NioTcpTimeouts#finWait2()}, fire USER_TIMEOUT (T98 again). RFC 9293 has no such timer (A7 of
 *       {@link TcpSpec}), which is why it lives in this derived spec.
 *   <li><b>Idle timeout</b> (optional): in ESTABLISHED, after {@link NioTcpTimeouts#idle()} without a RECEIVE,
 *       fire USER_TIMEOUT. To restart it on activity, this spec replaces the inherited internal row
 *       ESTABLISHED --RECEIVE--> (T41) with an external self-transition ESTABLISHED --RECEIVE--> ESTABLISHED, which
 *       re-arms the timer. The re-entry signals "connected" again; the runtime reports "opened" only once.
 * </ul>
 *
 * A disabled timeout returns null, which the generated machine takes as "off": it schedules nothing and makes no task
 * for it (an idle connection costs no timer). All three fire the same event (TcpEvent has one user timeout); the
 * runtime tells them apart by the state they fired in.
 */
@StateMachine(name = "NioTcpMachine", unhandled = Unhandled.THROW, complete = true, transitions = {
    @Transition(from = "ESTABLISHED", on = "RECEIVE", to = "ESTABLISHED"), // replaces T41: restarts the idle timer
})
public abstract class NioTcpSpec extends TcpSpec {

    private final NioTcpTimeouts timeouts;

    /** A detached machine with the default timeouts (for tests of the table). */
    public NioTcpSpec() {
        this.timeouts = NioTcpTimeouts.DEFAULT;
    }

    /** A machine bound to {@code effects}, running its timers on {@code scheduler}. */
    public NioTcpSpec(TcpEffects effects, Scheduler scheduler, TcpConfig config, NioTcpTimeouts timeouts) {
        super(effects, scheduler, config);
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    /** The timeouts this machine was built with. */
    public NioTcpTimeouts timeouts() {
        return timeouts;
    }

    @Timeout(state = "SYN_SENT", fire = "USER_TIMEOUT")
    protected Duration connectTimeout() {
        return timeouts.connect();
    }

    @Timeout(state = "FIN_WAIT_2", fire = "USER_TIMEOUT")
    protected Duration finWait2Timeout() {
        return timeouts.finWait2();
    }

    @Timeout(state = "ESTABLISHED", fire = "USER_TIMEOUT")
    protected Duration idleTimeout() {
        return timeouts.idle();
    }
}
