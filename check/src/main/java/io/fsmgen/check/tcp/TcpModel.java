package io.fsmgen.check.tcp;

import io.fsmgen.check.Budget;
import io.fsmgen.check.Channel;
import io.fsmgen.check.ClosedSystem;
import io.fsmgen.check.Move;
import io.fsmgen.check.Recording;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Two generated TCP machines connected by two channels of abstract segments ({@link Segments}), with the environment
 * of {@link TcpModelConfig}: the users' calls in any order, retransmission timers that resend an unacknowledged SYN or
 * FIN, the TIME-WAIT timer, a network that loses, duplicates and reorders within bounds, and an off-path attacker.
 *
 * <p>Time is abstracted away, with two assumptions that real timers make true and that the model states as enabling
 * conditions:
 * <ul>
 *   <li>a retransmission timer expires only after a round trip: when neither the segment nor an ACK of it is still
 *       in flight (unless {@link TcpModelConfig#eagerRetransmission()});
 *   <li>TIME-WAIT's 2·MSL timer expires only when both directions are empty (every segment sent before has arrived or
 *       died, MSL) and the peer has nothing unacknowledged (2·MSL outlasts the peer's retransmission of a lost FIN,
 *       whose arrival restarts TIME-WAIT). This is the RFC's own argument for TIME-WAIT's length, made explicit.
 * </ul>
 *
 * <p>The properties, each in one sentence ({@link #sentence}), are those of the README.
 */
public final class TcpModel {

    public static final String CLIENT = "client";
    public static final String SERVER = "server";

    public static final String NO_DEADLOCK = "no-deadlock";
    public static final String RESPONSIVE = "responsive";
    public static final String NO_RESET = "no-reset";
    public static final String BOTH_CLOSED = "both-closed";
    public static final String HANDSHAKE = "handshake";
    public static final String NO_FORGED_RESET = "no-forged-reset";
    public static final String TIME_WAIT_LASTS = "time-wait-lasts";
    public static final String NO_OLD_DUPLICATE = "no-old-duplicate";

    private TcpModel() {}

    /** The property named {@code name} in one sentence. */
    public static String sentence(String name) {
        return switch (name) {
            case NO_DEADLOCK -> "no reachable state where nothing can move while a side is neither CLOSED nor LISTEN"
                    + " (nor ESTABLISHED, when its user never closes)";
            case RESPONSIVE -> "every segment, call and timer that reaches a machine is handled by a row of its table";
            case NO_RESET -> "neither side is reset: no 'connection reset' or 'refused', and no side is closed by a"
                    + " RST before its own FIN was acknowledged";
            case BOTH_CLOSED -> "when neither side aborts and the network eventually delivers, both sides reach CLOSED";
            case HANDSHAKE -> "the handshake completes, both sides ESTABLISHED, from every order of opens"
                    + " (simultaneous open included), unless a SYN found the peer's port not yet open";
            case NO_FORGED_RESET -> "an established connection is never reset by a segment its peer did not send";
            case TIME_WAIT_LASTS -> "TIME_WAIT ends only when its 2·MSL timer expires (or its user aborts): no"
                    + " segment cuts it short";
            case NO_OLD_DUPLICATE -> "no connection changes state because of a segment of an earlier incarnation";
            default -> throw new IllegalArgumentException("no TCP property named " + name);
        };
    }

    /** A factory of the model, for the explorer and for replays. */
    public static Supplier<ClosedSystem> system(TcpModelConfig config) {
        return () -> build(config);
    }

    static ClosedSystem build(TcpModelConfig config) {
        Recording recording = new Recording();
        Channel toServer = new Channel(CLIENT, SERVER, config.inFlight(), Segments.BITS, !config.reorder(),
                Segments::label, recording);
        Channel toClient = new Channel(SERVER, CLIENT, config.inFlight(), Segments.BITS, !config.reorder(),
                Segments::label, recording);
        Endpoint client = new Endpoint(CLIENT, config.client(), toServer, recording);
        Endpoint server = new Endpoint(SERVER, config.server(), toClient, recording);
        client.peer = server;
        server.peer = client;
        if (config.opening() == TcpModelConfig.Opening.LISTENING_SERVER) {
            server.opened = true;
            server.passiveOpened = true;
            server.call(TcpEvent.PASSIVE_OPEN);
        }
        Budget losses = new Budget("losses", config.losses());
        Budget duplications = new Budget("duplications", config.duplications());
        Budget forgedSyns = new Budget("forged SYNs", config.forgedSyns());
        Budget forgedRsts = new Budget("forged RSTs", config.forgedRsts());

        ClosedSystem.Builder system = ClosedSystem.builder("TCP: " + config.describe())
                .recording(recording)
                .machine(CLIENT, client.machine, client.capture)
                .machine(SERVER, server.machine, server.capture)
                .component(client)
                .component(server)
                .component(toServer)
                .component(toClient)
                .component(losses)
                .component(duplications)
                .component(forgedSyns)
                .component(forgedRsts);
        for (Endpoint side : List.of(client, server)) {
            system.moves(userMoves(side, config));
            system.moves(timerMoves(side, config));
        }
        system.moves(toServer.deliveries(server::receive));
        system.moves(toClient.deliveries(client::receive));
        for (Channel channel : List.of(toServer, toClient)) {
            if (config.losses() > 0) {
                system.moves(channel.losses(losses));
            }
            if (config.duplications() > 0) {
                system.moves(channel.duplications(duplications));
            }
        }
        for (Endpoint target : List.of(client, server)) {
            if (config.forgedSyns() > 0) {
                system.move(forge(target, Segments.SYN, forgedSyns, recording));
            }
            if (config.forgedRsts() > 0) {
                system.move(forge(target, Segments.RST, forgedRsts, recording));
            }
        }
        addProperties(system, config, client, server);
        return system.build();
    }

    private static List<Move> userMoves(Endpoint side, TcpModelConfig config) {
        List<Move> moves = new ArrayList<>();
        Endpoint peer = side.peer;
        boolean activeAllowed = config.opening() == TcpModelConfig.Opening.ANY_ORDER || side.name.equals(CLIENT);
        if (activeAllowed) {
            moves.add(Move.of(side.name + " ACTIVE_OPEN", true,
                    () -> !side.opened && side.state() == TcpState.CLOSED,
                    () -> {
                        side.opened = true;
                        side.call(TcpEvent.ACTIVE_OPEN);
                    },
                    () -> side.name + "'s user opens actively (connect)"));
        }
        if (config.opening() == TcpModelConfig.Opening.ANY_ORDER) {
            moves.add(Move.of(side.name + " PASSIVE_OPEN", true,
                    () -> !side.opened && side.state() == TcpState.CLOSED && !peer.passiveOpened,
                    () -> {
                        side.opened = true;
                        side.passiveOpened = true;
                        side.call(TcpEvent.PASSIVE_OPEN);
                    },
                    () -> side.name + "'s user opens passively (listen)"));
        }
        if (config.close()) {
            moves.add(Move.of(side.name + " CLOSE", true,
                    () -> side.opened && !side.closed && !side.aborted && (side.state() == TcpState.CLOSE_WAIT
                            || (side.state() == TcpState.ESTABLISHED
                                    && !(config.clientClosesFirst() && side.name.equals(SERVER)))),
                    () -> {
                        side.closed = true;
                        side.call(TcpEvent.CLOSE);
                    },
                    () -> side.name + "'s user closes"));
        }
        if (config.abort()) {
            moves.add(Move.of(side.name + " ABORT", true,
                    () -> side.opened && !side.aborted && side.state() != TcpState.CLOSED,
                    () -> {
                        side.aborted = true;
                        side.call(TcpEvent.ABORT);
                    },
                    () -> side.name + "'s user aborts"));
        }
        if (config.incarnations() > 1) {
            moves.add(Move.of(side.name + " reopen", true,
                    () -> side.incarnation == 0 && side.opened && side.state() == TcpState.CLOSED,
                    () -> {
                        boolean passive = side.passiveOpened;
                        side.incarnation = 1;
                        side.opened = true;
                        side.closed = false;
                        side.aborted = false;
                        side.passiveOpened = passive;
                        side.call(passive ? TcpEvent.PASSIVE_OPEN : TcpEvent.ACTIVE_OPEN);
                    },
                    () -> side.name + "'s user opens the connection again, same addresses and ports"));
        }
        return moves;
    }

    private static List<Move> timerMoves(Endpoint side, TcpModelConfig config) {
        Endpoint peer = side.peer;
        Move timeWait = Move.timer(side.name + " 2MSL timer", side.scheduler::anyArmed,
                () -> side.scheduler.anyArmed() && side.out.isEmpty() && peer.out.isEmpty() && !peer.awaitsAck(),
                side::expireTimer, () -> side.name + "'s 2·MSL TIME-WAIT timer expires");
        Move retransmission = Move.timer(side.name + " retransmission timer", side::awaitsAck,
                () -> side.awaitsAck() && (config.eagerRetransmission() || roundTripOver(side)),
                () -> side.call(TcpEvent.RETRANSMISSION_TIMEOUT),
                () -> side.name + "'s retransmission timer expires");
        return List.of(timeWait, retransmission);
    }

    /** Neither our unacknowledged SYN or FIN nor an ACK of it is in flight. */
    private static boolean roundTripOver(Endpoint side) {
        int una = side.sndUna;
        return !side.out.any(s -> Segments.has(s, Segments.SYN | Segments.FIN) && !Segments.isForged(s))
                && !side.peer.out.any(s -> Segments.has(s, Segments.ACK) && Segments.ack(s) > una);
    }

    /** An off-path attacker injects a segment toward {@code target}, spoofing the peer, with numbers guessed right. */
    private static Move forge(Endpoint target, int flag, Budget budget, Recording recording) {
        String kind = flag == Segments.SYN ? "SYN" : "RST";
        Channel inbound = target.peer.out;
        return Move.of("attacker forges a " + kind + " to " + target.name, false,
                () -> budget.available() && !inbound.isFull(),
                () -> {
                    budget.spend();
                    int forged = Segments.forged(Segments.of(flag, target.rcvNxt, 0, target.incarnation));
                    inbound.send(forged);
                    if (recording.active()) {
                        recording.get().note(target.name, "(an attacker injects " + Segments.label(forged) + ")");
                    }
                },
                () -> "an off-path attacker injects a " + kind + " toward " + target.name + " at seq=" + target.rcvNxt
                        + ", spoofing " + target.peer.name);
    }

    private static void addProperties(ClosedSystem.Builder system, TcpModelConfig config, Endpoint client,
            Endpoint server) {
        system.deadlockFree(NO_DEADLOCK, sentence(NO_DEADLOCK),
                () -> resting(client, config) && resting(server, config));
        system.responsive(RESPONSIVE, sentence(RESPONSIVE));
        system.invariant(NO_RESET, sentence(NO_RESET), () -> !client.reset && !server.reset);
        if (config.close() && !config.abort()) {
            system.eventually(BOTH_CLOSED, sentence(BOTH_CLOSED),
                    () -> client.state() == TcpState.CLOSED && server.state() == TcpState.CLOSED);
        }
        if (!config.abort()) {
            system.eventually(HANDSHAKE, sentence(HANDSHAKE), () -> (client.established && server.established)
                    || client.synAtClosedPort || server.synAtClosedPort);
        }
        system.invariant(NO_FORGED_RESET, sentence(NO_FORGED_RESET), () -> !client.forgedReset && !server.forgedReset);
        system.invariant(TIME_WAIT_LASTS, sentence(TIME_WAIT_LASTS), () -> !client.timeWaitCut && !server.timeWaitCut);
        if (config.incarnations() > 1) {
            system.invariant(NO_OLD_DUPLICATE, sentence(NO_OLD_DUPLICATE),
                    () -> !client.oldSegmentTaken && !server.oldSegmentTaken);
        }
    }

    /** CLOSED or LISTEN; or ESTABLISHED when its user does not close in this model, and so keeps it open. */
    private static boolean resting(Endpoint side, TcpModelConfig config) {
        return side.state() == TcpState.CLOSED || side.state() == TcpState.LISTEN
                || (!config.close() && side.state() == TcpState.ESTABLISHED);
    }
}
