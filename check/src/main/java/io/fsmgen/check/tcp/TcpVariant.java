package io.fsmgen.check.tcp;

import io.fsmgen.Capturable;
import io.fsmgen.Machine;
import io.fsmgen.Scheduler;
import io.fsmgen.tcp.Rfc1337TcpMachine;
import io.fsmgen.tcp.Rfc793TcpMachine;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A generated TCP machine to put at one end of the model: {@link TcpMachine} or one of the variants derived from
 * {@link TcpSpec} with a few rows.
 *
 * @param name what reports call it: "RFC 9293", "no TIME-WAIT"
 * @param create builds the machine bound to the model's effects and scheduler
 */
public record TcpVariant(String name, BiFunction<TcpEffects, Scheduler, TcpSpec> create) {

    public static final TcpVariant RFC_9293 = of("RFC 9293 (TcpMachine)", TcpMachine::new);
    public static final TcpVariant RFC_793 = of("RFC 793 (Rfc793TcpMachine)", Rfc793TcpMachine::new);
    public static final TcpVariant RFC_1337 = of("RFC 1337 (Rfc1337TcpMachine)", Rfc1337TcpMachine::new);
    public static final TcpVariant NO_TIME_WAIT = of("no TIME-WAIT (NoTimeWaitTcpMachine)", NoTimeWaitTcpMachine::new);
    public static final TcpVariant NO_SIMULTANEOUS_OPEN =
            of("no simultaneous open (NoSimultaneousOpenTcpMachine)", NoSimultaneousOpenTcpMachine::new);
    public static final TcpVariant SILENT_LAST_ACK =
            of("LAST_ACK without retransmission (SilentLastAckTcpMachine)", SilentLastAckTcpMachine::new);

    /** Every variant, for lookups by name. */
    public static final List<TcpVariant> ALL =
            List.of(RFC_9293, RFC_793, RFC_1337, NO_TIME_WAIT, NO_SIMULTANEOUS_OPEN, SILENT_LAST_ACK);

    public TcpVariant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(create, "create");
    }

    /** A variant whose generated class {@code M} is a machine and capturable, as every generated class is. */
    public static <M extends TcpSpec & Machine<TcpState, TcpEvent> & Capturable> TcpVariant of(String name,
            BiFunction<TcpEffects, Scheduler, M> create) {
        return new TcpVariant(name, create::apply);
    }

    @Override
    public String toString() {
        return name;
    }
}
