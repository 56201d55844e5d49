package io.fsmgen.check.tcp;

import io.fsmgen.check.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * One lesson the explorer teaches about a declarative TCP variant: a property, a model, and the variants to explore
 * it with, each with the verdict it must get.
 *
 * @param title what it shows: "Why TIME-WAIT exists: the last ACK"
 * @param property the name of the {@link TcpModel} property it is about
 * @param config the model; its machines are replaced by each variant's
 * @param variants the variants explored, in order, with their expected verdicts
 * @param teaches what the counterexample teaches, in one line
 */
public record Demonstration(String title, String property, TcpModelConfig config, List<Expected> variants,
        String teaches) {

    /** A variant and the verdict it must get. */
    public record Expected(TcpVariant variant, Verdict.Status status, String note) {
        public Expected {
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(note, "note");
        }
    }

    public Demonstration {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(config, "config");
        variants = List.copyOf(variants);
        Objects.requireNonNull(teaches, "teaches");
    }

    /** The four demonstrations of the README, in the order the main job's {@code check} runs them. */
    public static List<Demonstration> all() {
        TcpModelConfig listening = TcpModelConfig.defaults();
        return List.of(
                new Demonstration("Why TIME-WAIT exists: the last ACK", TcpModel.NO_RESET,
                        listening.network(1, false, 1, 0),
                        List.of(new Expected(TcpVariant.NO_TIME_WAIT, Verdict.Status.VIOLATED,
                                        "the side that closes first goes straight to CLOSED"),
                                new Expected(TcpVariant.RFC_9293, Verdict.Status.HOLDS, "")),
                        "The side that closes first cannot know whether its last ACK arrived; without TIME-WAIT it"
                                + " forgets the connection at once, so when that ACK is lost the peer's retransmitted"
                                + " FIN meets a closed port, is answered with a RST, and the peer's graceful close"
                                + " ends in a reset. TIME-WAIT keeps the connection to ACK that FIN again."),
                new Demonstration("Why TIME-WAIT exists: old duplicates", TcpModel.NO_OLD_DUPLICATE,
                        listening.clientClosingFirst(true).network(2, true, 0, 1).incarnations(2),
                        List.of(new Expected(TcpVariant.NO_TIME_WAIT, Verdict.Status.VIOLATED,
                                        "the client reopens as soon as it is CLOSED"),
                                new Expected(TcpVariant.RFC_9293, Verdict.Status.VIOLATED,
                                        "a RST cuts TIME-WAIT short (RFC 1337's hazard), then the same"),
                                new Expected(TcpVariant.RFC_1337, Verdict.Status.HOLDS, "")),
                        "Segments of a connection can outlive it in the network; TIME-WAIT keeps its addresses busy"
                                + " for 2·MSL so that they die before a new incarnation can take them for its own."
                                + " It only works if nothing cuts TIME-WAIT short: under RFC 9293 a RST can, and an"
                                + " old ACK then completes the new connection's handshake."),
                new Demonstration("RFC 5961 against RFC 793: a blind in-window SYN", TcpModel.NO_FORGED_RESET,
                        listening.closing(false).attacker(1, 0),
                        List.of(new Expected(TcpVariant.RFC_793, Verdict.Status.VIOLATED,
                                        "a SYN in a synchronized state resets the connection"),
                                new Expected(TcpVariant.RFC_9293, Verdict.Status.HOLDS,
                                        "RFC 5961: it gets a challenge ACK")),
                        "Under RFC 793 an off-path attacker who lands one SYN in the window kills an established"
                                + " connection; RFC 5961 answers with a challenge ACK instead, which only the real peer"
                                + " can act on, so the forged SYN changes nothing."),
                new Demonstration("RFC 1337: TIME-WAIT assassination", TcpModel.TIME_WAIT_LASTS,
                        listening.network(2, true, 0, 0),
                        List.of(new Expected(TcpVariant.RFC_9293, Verdict.Status.VIOLATED,
                                        "a RST in TIME_WAIT closes the connection (A4)"),
                                new Expected(TcpVariant.RFC_1337, Verdict.Status.HOLDS, "TIME_WAIT ignores a RST")),
                        "A late, reordered ACK makes the TIME-WAIT side answer; the peer, already closed, answers"
                                + " that with a RST, and RFC 9293's TIME-WAIT accepts it and ends early, with no"
                                + " attacker at all. RFC 1337 ignores a RST in TIME-WAIT and keeps its 2·MSL."));
    }
}
