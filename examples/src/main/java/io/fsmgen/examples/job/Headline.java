package io.fsmgen.examples.job;

import io.fsmgen.examples.timeline.Side;
import io.fsmgen.examples.timeline.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-sentence story of a life, written from what its machines did in this run (never a fixed sentence): who
 * closed first, which states each side passed, whether a RST ended it, whether the FINs crossed.
 */
final class Headline {

    private Headline() {}

    static String of(LoopbackLife.Result result) {
        List<String> client = states(result, Side.CLIENT);
        List<String> server = states(result, Side.SERVER);
        if (server.isEmpty()) {
            if (client.contains("SYN_SENT") && !client.contains("ESTABLISHED") && eventOn(result, Side.CLIENT,
                    "RCV_RST")) {
                return "nobody listened on " + LoopbackLife.address(result.target()) + ": the kernel answered the"
                        + " client's SYN with a RST, and the client went SYN_SENT -> CLOSED (connection refused)";
            }
            return "the client went " + String.join(" -> ", client) + " and no server connection was seen";
        }
        Optional<Side> aborter = firstWith(result, "ABORT");
        if (aborter.isPresent()) {
            Side a = aborter.get();
            Side other = a == Side.CLIENT ? Side.SERVER : Side.CLIENT;
            boolean timeWait = client.contains("TIME_WAIT") || server.contains("TIME_WAIT");
            return name(a) + " aborted: its RST took it " + last2(states(result, a)) + " and " + name(other)
                    + " " + last2(states(result, other)) + (eventOn(result, other, "RCV_RST") ? " on the RST" : "")
                    + (timeWait ? "" : "; neither passed TIME_WAIT");
        }
        boolean clientClosing = client.contains("CLOSING");
        boolean serverClosing = server.contains("CLOSING");
        boolean clientActive = client.contains("FIN_WAIT_1");
        boolean serverActive = server.contains("FIN_WAIT_1");
        String clientPath = after(client, "ESTABLISHED");
        String serverPath = after(server, "ESTABLISHED");
        if (clientActive && serverActive) {
            if (clientClosing && serverClosing) {
                return "both ends closed at once and their FINs crossed: each passed FIN_WAIT_1, CLOSING and"
                        + " TIME_WAIT (RFC 9293 Figure 13)";
            }
            return "both ends closed, but the FINs did not cross: the client passed " + clientPath
                    + "; the server " + serverPath;
        }
        if (clientActive || serverActive) {
            Side first = clientActive ? Side.CLIENT : Side.SERVER;
            return name(first) + " closed first: it passed " + (first == Side.CLIENT ? clientPath
                    : serverPath) + "; " + name(first == Side.CLIENT ? Side.SERVER : Side.CLIENT) + " "
                    + (first == Side.CLIENT ? serverPath : clientPath);
        }
        return "the client went " + String.join(" -> ", client) + "; the server " + String.join(" -> ", server);
    }

    private static String name(Side side) {
        return "the " + side.name().toLowerCase(Locale.ROOT);
    }

    private static String last2(List<String> states) {
        return states.size() < 2 ? String.join(" -> ", states)
                : states.get(states.size() - 2) + " -> " + states.get(states.size() - 1);
    }

    /** The states after {@code from}, joined: "FIN_WAIT_1, FIN_WAIT_2 and TIME_WAIT". */
    private static String after(List<String> states, String from) {
        int i = states.indexOf(from);
        List<String> rest = new ArrayList<>(states.subList(i < 0 ? 0 : i + 1, states.size()));
        rest.remove("CLOSED");
        if (rest.isEmpty()) {
            return "no other state";
        }
        if (rest.size() == 1) {
            return rest.get(0);
        }
        return String.join(", ", rest.subList(0, rest.size() - 1)) + " and " + rest.get(rest.size() - 1);
    }

    private static Optional<Side> firstWith(LoopbackLife.Result result, String event) {
        return result.steps().stream().filter(s -> s.isMachine() && s.event().equals(event)
                && s.side() != Side.LISTENER).map(Step::side).findFirst();
    }

    private static boolean eventOn(LoopbackLife.Result result, Side side, String event) {
        return result.machine(side).stream().anyMatch(s -> s.event().equals(event));
    }

    /** The states one side's machine passed through, in order. */
    static List<String> states(LoopbackLife.Result result, Side side) {
        List<String> states = new ArrayList<>();
        for (Step step : result.machine(side)) {
            if (states.isEmpty()) {
                states.add(step.from());
            }
            if (step.changesState()) {
                states.add(step.to());
            }
        }
        return states;
    }
}
