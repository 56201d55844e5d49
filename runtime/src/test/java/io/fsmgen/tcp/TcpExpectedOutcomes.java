package io.fsmgen.tcp;

import io.fsmgen.tcp.TcpHarness.Outcome;
import io.fsmgen.tcp.TcpHarness.Situation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The expected outcome of every (state, event) pair of the base machine, written by hand from RFC 9293 and the
 * choices documented in {@link TcpSpec}, independently of the spec's table.
 *
 * <p>One line per pair: {@code SITUATION EVENT | NEXT | effects}. NEXT {@code =} means unchanged. Effects, in order,
 * separated by {@code ;}: a segment name (sent), {@code retransmit}, {@code tw+} / {@code tw-} (TIME-WAIT timer
 * started for 60 s / stopped), {@code signal:TEXT}, {@code error:TEXT}.
 */
final class TcpExpectedOutcomes {

    private TcpExpectedOutcomes() {}

    static final String TABLE = """
            CLOSED PASSIVE_OPEN              | LISTEN       |
            CLOSED ACTIVE_OPEN               | SYN_SENT     | SYN
            CLOSED SEND                      | =            | error:connection does not exist
            CLOSED RECEIVE                   | =            | error:connection does not exist
            CLOSED CLOSE                     | =            | error:connection does not exist
            CLOSED ABORT                     | =            | error:connection does not exist
            CLOSED RCV_SYN                   | =            | RST_ACK
            CLOSED RCV_SYN_ACK               | =            | RST
            CLOSED RCV_ACK                   | =            | RST
            CLOSED RCV_ACK_PARTIAL           | =            | RST
            CLOSED RCV_ACK_UNACCEPTABLE      | =            | RST
            CLOSED RCV_FIN                   | =            | RST
            CLOSED RCV_FIN_ACK               | =            | RST
            CLOSED RCV_RST                   | =            |
            CLOSED TIMEOUT                   | =            |
            CLOSED USER_TIMEOUT              | =            |
            CLOSED RETRANSMISSION_TIMEOUT    | =            |
            CLOSED RETRANSMISSION_EXHAUSTED  | =            |
            CLOSED RCV_SYN_RETRANSMITTED | =            | RST_ACK
            CLOSED CLOSE_DISCARDING_UNREAD | = | error:connection does not exist
            CLOSED RCV_DATA_NO_READER | = | RST

            LISTEN PASSIVE_OPEN              | =            | error:connection already exists
            LISTEN ACTIVE_OPEN               | SYN_SENT     | SYN
            LISTEN SEND                      | =            | error:remote socket unspecified
            LISTEN RECEIVE                   | =            |
            LISTEN CLOSE                     | CLOSED       |
            LISTEN ABORT                     | CLOSED       |
            LISTEN RCV_SYN                   | SYN_RECEIVED | SYN_ACK
            LISTEN RCV_SYN_ACK               | =            | RST
            LISTEN RCV_ACK                   | =            | RST
            LISTEN RCV_ACK_PARTIAL           | =            | RST
            LISTEN RCV_ACK_UNACCEPTABLE      | =            | RST
            LISTEN RCV_FIN                   | =            | RST
            LISTEN RCV_FIN_ACK               | =            | RST
            LISTEN RCV_RST                   | =            |
            LISTEN TIMEOUT                   | =            |
            LISTEN USER_TIMEOUT              | CLOSED       | error:connection aborted due to user timeout
            LISTEN RETRANSMISSION_TIMEOUT    | =            |
            LISTEN RETRANSMISSION_EXHAUSTED  | =            |
            LISTEN RCV_SYN_RETRANSMITTED | SYN_RECEIVED | SYN_ACK
            LISTEN CLOSE_DISCARDING_UNREAD | CLOSED |
            LISTEN RCV_DATA_NO_READER | = | RST

            SYN_SENT PASSIVE_OPEN            | =            | error:connection already exists
            SYN_SENT ACTIVE_OPEN             | =            | error:connection already exists
            SYN_SENT SEND                    | =            |
            SYN_SENT RECEIVE                 | =            |
            SYN_SENT CLOSE                   | CLOSED       |
            SYN_SENT ABORT                   | CLOSED       |
            SYN_SENT RCV_SYN                 | SYN_RECEIVED | SYN_ACK
            SYN_SENT RCV_SYN_ACK             | ESTABLISHED  | ACK; signal:connected
            SYN_SENT RCV_ACK                 | =            |
            SYN_SENT RCV_ACK_PARTIAL         | =            | RST
            SYN_SENT RCV_ACK_UNACCEPTABLE    | =            | RST
            SYN_SENT RCV_FIN                 | =            |
            SYN_SENT RCV_FIN_ACK             | =            |
            SYN_SENT RCV_RST                 | CLOSED       | signal:connection reset
            SYN_SENT TIMEOUT                 | =            |
            SYN_SENT USER_TIMEOUT            | CLOSED       | error:connection aborted due to user timeout
            SYN_SENT RETRANSMISSION_TIMEOUT  | =            | retransmit
            SYN_SENT RETRANSMISSION_EXHAUSTED| CLOSED       | signal:connection timed out
            SYN_SENT RCV_SYN_RETRANSMITTED | SYN_RECEIVED | SYN_ACK
            SYN_SENT CLOSE_DISCARDING_UNREAD | CLOSED |
            SYN_SENT RCV_DATA_NO_READER | = |

            SYN_RECEIVED_PASSIVE PASSIVE_OPEN             | =           | error:connection already exists
            SYN_RECEIVED_PASSIVE ACTIVE_OPEN              | =           | error:connection already exists
            SYN_RECEIVED_PASSIVE SEND                     | =           |
            SYN_RECEIVED_PASSIVE RECEIVE                  | =           |
            SYN_RECEIVED_PASSIVE CLOSE                    | FIN_WAIT_1  | FIN
            SYN_RECEIVED_PASSIVE ABORT                    | CLOSED      | RST
            SYN_RECEIVED_PASSIVE RCV_SYN                  | LISTEN      |
            SYN_RECEIVED_PASSIVE RCV_SYN_ACK              | LISTEN      |
            SYN_RECEIVED_PASSIVE RCV_ACK                  | ESTABLISHED | signal:connected
            SYN_RECEIVED_PASSIVE RCV_ACK_PARTIAL          | =           | RST
            SYN_RECEIVED_PASSIVE RCV_ACK_UNACCEPTABLE     | =           | RST
            SYN_RECEIVED_PASSIVE RCV_FIN                  | CLOSE_WAIT  | signal:connected; ACK; signal:connection closing
            SYN_RECEIVED_PASSIVE RCV_FIN_ACK              | CLOSE_WAIT  | signal:connected; ACK; signal:connection closing
            SYN_RECEIVED_PASSIVE RCV_RST                  | LISTEN      |
            SYN_RECEIVED_PASSIVE TIMEOUT                  | =           |
            SYN_RECEIVED_PASSIVE USER_TIMEOUT             | CLOSED      | error:connection aborted due to user timeout
            SYN_RECEIVED_PASSIVE RETRANSMISSION_TIMEOUT   | =           | retransmit
            SYN_RECEIVED_PASSIVE RETRANSMISSION_EXHAUSTED | LISTEN      |
            SYN_RECEIVED_PASSIVE RCV_SYN_RETRANSMITTED | =           | SYN_ACK
            SYN_RECEIVED_PASSIVE CLOSE_DISCARDING_UNREAD | CLOSED | RST
            SYN_RECEIVED_PASSIVE RCV_DATA_NO_READER | CLOSED | RST

            SYN_RECEIVED_ACTIVE PASSIVE_OPEN              | =           | error:connection already exists
            SYN_RECEIVED_ACTIVE ACTIVE_OPEN               | =           | error:connection already exists
            SYN_RECEIVED_ACTIVE SEND                      | =           |
            SYN_RECEIVED_ACTIVE RECEIVE                   | =           |
            SYN_RECEIVED_ACTIVE CLOSE                     | FIN_WAIT_1  | FIN
            SYN_RECEIVED_ACTIVE ABORT                     | CLOSED      | RST
            SYN_RECEIVED_ACTIVE RCV_SYN                   | =           | CHALLENGE_ACK
            SYN_RECEIVED_ACTIVE RCV_SYN_ACK               | ESTABLISHED | signal:connected
            SYN_RECEIVED_ACTIVE RCV_ACK                   | ESTABLISHED | signal:connected
            SYN_RECEIVED_ACTIVE RCV_ACK_PARTIAL           | =           | RST
            SYN_RECEIVED_ACTIVE RCV_ACK_UNACCEPTABLE      | =           | RST
            SYN_RECEIVED_ACTIVE RCV_FIN                   | CLOSE_WAIT  | signal:connected; ACK; signal:connection closing
            SYN_RECEIVED_ACTIVE RCV_FIN_ACK               | CLOSE_WAIT  | signal:connected; ACK; signal:connection closing
            SYN_RECEIVED_ACTIVE RCV_RST                   | CLOSED      | signal:connection refused
            SYN_RECEIVED_ACTIVE TIMEOUT                   | =           |
            SYN_RECEIVED_ACTIVE USER_TIMEOUT              | CLOSED      | error:connection aborted due to user timeout
            SYN_RECEIVED_ACTIVE RETRANSMISSION_TIMEOUT    | =           | retransmit
            SYN_RECEIVED_ACTIVE RETRANSMISSION_EXHAUSTED  | CLOSED      | signal:connection timed out
            SYN_RECEIVED_ACTIVE RCV_SYN_RETRANSMITTED | =           | CHALLENGE_ACK
            SYN_RECEIVED_ACTIVE CLOSE_DISCARDING_UNREAD | CLOSED | RST
            SYN_RECEIVED_ACTIVE RCV_DATA_NO_READER | CLOSED | RST

            ESTABLISHED PASSIVE_OPEN             | =          | error:connection already exists
            ESTABLISHED ACTIVE_OPEN              | =          | error:connection already exists
            ESTABLISHED SEND                     | =          | DATA
            ESTABLISHED RECEIVE                  | =          |
            ESTABLISHED CLOSE                    | FIN_WAIT_1 | FIN
            ESTABLISHED ABORT                    | CLOSED     | RST
            ESTABLISHED RCV_SYN                  | =          | CHALLENGE_ACK
            ESTABLISHED RCV_SYN_ACK              | =          | CHALLENGE_ACK
            ESTABLISHED RCV_ACK                  | =          |
            ESTABLISHED RCV_ACK_PARTIAL          | =          |
            ESTABLISHED RCV_ACK_UNACCEPTABLE     | =          | ACK
            ESTABLISHED RCV_FIN                  | CLOSE_WAIT | ACK; signal:connection closing
            ESTABLISHED RCV_FIN_ACK              | CLOSE_WAIT | ACK; signal:connection closing
            ESTABLISHED RCV_RST                  | CLOSED     | signal:connection reset
            ESTABLISHED TIMEOUT                  | =          |
            ESTABLISHED USER_TIMEOUT             | CLOSED     | error:connection aborted due to user timeout
            ESTABLISHED RETRANSMISSION_TIMEOUT   | =          | retransmit
            ESTABLISHED RETRANSMISSION_EXHAUSTED | CLOSED     | signal:connection timed out
            ESTABLISHED RCV_SYN_RETRANSMITTED | =          | CHALLENGE_ACK
            ESTABLISHED CLOSE_DISCARDING_UNREAD | CLOSED | RST
            ESTABLISHED RCV_DATA_NO_READER | CLOSED | RST

            FIN_WAIT_1 PASSIVE_OPEN             | =          | error:connection already exists
            FIN_WAIT_1 ACTIVE_OPEN              | =          | error:connection already exists
            FIN_WAIT_1 SEND                     | =          | error:connection closing
            FIN_WAIT_1 RECEIVE                  | =          |
            FIN_WAIT_1 CLOSE                    | =          | error:connection closing
            FIN_WAIT_1 ABORT                    | CLOSED     | RST
            FIN_WAIT_1 RCV_SYN                  | =          | CHALLENGE_ACK
            FIN_WAIT_1 RCV_SYN_ACK              | =          | CHALLENGE_ACK
            FIN_WAIT_1 RCV_ACK                  | FIN_WAIT_2 |
            FIN_WAIT_1 RCV_ACK_PARTIAL          | =          |
            FIN_WAIT_1 RCV_ACK_UNACCEPTABLE     | =          | ACK
            FIN_WAIT_1 RCV_FIN                  | CLOSING    | ACK; signal:connection closing
            FIN_WAIT_1 RCV_FIN_ACK              | TIME_WAIT  | ACK; signal:connection closing; tw+
            FIN_WAIT_1 RCV_RST                  | CLOSED     | signal:connection reset
            FIN_WAIT_1 TIMEOUT                  | =          |
            FIN_WAIT_1 USER_TIMEOUT             | CLOSED     | error:connection aborted due to user timeout
            FIN_WAIT_1 RETRANSMISSION_TIMEOUT   | =          | retransmit
            FIN_WAIT_1 RETRANSMISSION_EXHAUSTED | CLOSED     | signal:connection timed out
            FIN_WAIT_1 RCV_SYN_RETRANSMITTED | =          | CHALLENGE_ACK
            FIN_WAIT_1 CLOSE_DISCARDING_UNREAD | CLOSED | RST
            FIN_WAIT_1 RCV_DATA_NO_READER | CLOSED | RST

            FIN_WAIT_2 PASSIVE_OPEN             | =          | error:connection already exists
            FIN_WAIT_2 ACTIVE_OPEN              | =          | error:connection already exists
            FIN_WAIT_2 SEND                     | =          | error:connection closing
            FIN_WAIT_2 RECEIVE                  | =          |
            FIN_WAIT_2 CLOSE                    | =          | error:connection closing
            FIN_WAIT_2 ABORT                    | CLOSED     | RST
            FIN_WAIT_2 RCV_SYN                  | =          | CHALLENGE_ACK
            FIN_WAIT_2 RCV_SYN_ACK              | =          | CHALLENGE_ACK
            FIN_WAIT_2 RCV_ACK                  | =          |
            FIN_WAIT_2 RCV_ACK_PARTIAL          | =          |
            FIN_WAIT_2 RCV_ACK_UNACCEPTABLE     | =          | ACK
            FIN_WAIT_2 RCV_FIN                  | TIME_WAIT  | ACK; signal:connection closing; tw+
            FIN_WAIT_2 RCV_FIN_ACK              | TIME_WAIT  | ACK; signal:connection closing; tw+
            FIN_WAIT_2 RCV_RST                  | CLOSED     | signal:connection reset
            FIN_WAIT_2 TIMEOUT                  | =          |
            FIN_WAIT_2 USER_TIMEOUT             | CLOSED     | error:connection aborted due to user timeout
            FIN_WAIT_2 RETRANSMISSION_TIMEOUT   | =          |
            FIN_WAIT_2 RETRANSMISSION_EXHAUSTED | =          |
            FIN_WAIT_2 RCV_SYN_RETRANSMITTED | =          | CHALLENGE_ACK
            FIN_WAIT_2 CLOSE_DISCARDING_UNREAD | CLOSED | RST
            FIN_WAIT_2 RCV_DATA_NO_READER | CLOSED | RST

            CLOSE_WAIT PASSIVE_OPEN             | =          | error:connection already exists
            CLOSE_WAIT ACTIVE_OPEN              | =          | error:connection already exists
            CLOSE_WAIT SEND                     | =          | DATA
            CLOSE_WAIT RECEIVE                  | =          |
            CLOSE_WAIT CLOSE                    | LAST_ACK   | FIN
            CLOSE_WAIT ABORT                    | CLOSED     | RST
            CLOSE_WAIT RCV_SYN                  | =          | CHALLENGE_ACK
            CLOSE_WAIT RCV_SYN_ACK              | =          | CHALLENGE_ACK
            CLOSE_WAIT RCV_ACK                  | =          |
            CLOSE_WAIT RCV_ACK_PARTIAL          | =          |
            CLOSE_WAIT RCV_ACK_UNACCEPTABLE     | =          | ACK
            CLOSE_WAIT RCV_FIN                  | =          | ACK
            CLOSE_WAIT RCV_FIN_ACK              | =          | ACK
            CLOSE_WAIT RCV_RST                  | CLOSED     | signal:connection reset
            CLOSE_WAIT TIMEOUT                  | =          |
            CLOSE_WAIT USER_TIMEOUT             | CLOSED     | error:connection aborted due to user timeout
            CLOSE_WAIT RETRANSMISSION_TIMEOUT   | =          | retransmit
            CLOSE_WAIT RETRANSMISSION_EXHAUSTED | CLOSED     | signal:connection timed out
            CLOSE_WAIT RCV_SYN_RETRANSMITTED | =          | CHALLENGE_ACK
            CLOSE_WAIT CLOSE_DISCARDING_UNREAD | CLOSED | RST
            CLOSE_WAIT RCV_DATA_NO_READER | = |

            CLOSING PASSIVE_OPEN             | =          | error:connection already exists
            CLOSING ACTIVE_OPEN              | =          | error:connection already exists
            CLOSING SEND                     | =          | error:connection closing
            CLOSING RECEIVE                  | =          | error:connection closing
            CLOSING CLOSE                    | =          | error:connection closing
            CLOSING ABORT                    | CLOSED     |
            CLOSING RCV_SYN                  | =          | CHALLENGE_ACK
            CLOSING RCV_SYN_ACK              | =          | CHALLENGE_ACK
            CLOSING RCV_ACK                  | TIME_WAIT  | tw+
            CLOSING RCV_ACK_PARTIAL          | =          |
            CLOSING RCV_ACK_UNACCEPTABLE     | =          | ACK
            CLOSING RCV_FIN                  | =          | ACK
            CLOSING RCV_FIN_ACK              | TIME_WAIT  | ACK; tw+
            CLOSING RCV_RST                  | CLOSED     |
            CLOSING TIMEOUT                  | =          |
            CLOSING USER_TIMEOUT             | CLOSED     | error:connection aborted due to user timeout
            CLOSING RETRANSMISSION_TIMEOUT   | =          | retransmit
            CLOSING RETRANSMISSION_EXHAUSTED | CLOSED     | signal:connection timed out
            CLOSING RCV_SYN_RETRANSMITTED | =          | CHALLENGE_ACK
            CLOSING CLOSE_DISCARDING_UNREAD | CLOSED | RST
            CLOSING RCV_DATA_NO_READER | = |

            LAST_ACK PASSIVE_OPEN             | =          | error:connection already exists
            LAST_ACK ACTIVE_OPEN              | =          | error:connection already exists
            LAST_ACK SEND                     | =          | error:connection closing
            LAST_ACK RECEIVE                  | =          | error:connection closing
            LAST_ACK CLOSE                    | =          | error:connection closing
            LAST_ACK ABORT                    | CLOSED     |
            LAST_ACK RCV_SYN                  | =          | CHALLENGE_ACK
            LAST_ACK RCV_SYN_ACK              | =          | CHALLENGE_ACK
            LAST_ACK RCV_ACK                  | CLOSED     |
            LAST_ACK RCV_ACK_PARTIAL          | =          |
            LAST_ACK RCV_ACK_UNACCEPTABLE     | =          |
            LAST_ACK RCV_FIN                  | =          | ACK
            LAST_ACK RCV_FIN_ACK              | CLOSED     |
            LAST_ACK RCV_RST                  | CLOSED     |
            LAST_ACK TIMEOUT                  | =          |
            LAST_ACK USER_TIMEOUT             | CLOSED     | error:connection aborted due to user timeout
            LAST_ACK RETRANSMISSION_TIMEOUT   | =          | retransmit
            LAST_ACK RETRANSMISSION_EXHAUSTED | CLOSED     | signal:connection timed out
            LAST_ACK RCV_SYN_RETRANSMITTED | =          | CHALLENGE_ACK
            LAST_ACK CLOSE_DISCARDING_UNREAD | CLOSED | RST
            LAST_ACK RCV_DATA_NO_READER | = |

            TIME_WAIT PASSIVE_OPEN             | =          | error:connection already exists
            TIME_WAIT ACTIVE_OPEN              | =          | error:connection already exists
            TIME_WAIT SEND                     | =          | error:connection closing
            TIME_WAIT RECEIVE                  | =          | error:connection closing
            TIME_WAIT CLOSE                    | =          | error:connection closing
            TIME_WAIT ABORT                    | CLOSED     | tw-
            TIME_WAIT RCV_SYN                  | =          | CHALLENGE_ACK
            TIME_WAIT RCV_SYN_ACK              | =          | CHALLENGE_ACK
            TIME_WAIT RCV_ACK                  | =          |
            TIME_WAIT RCV_ACK_PARTIAL          | =          |
            TIME_WAIT RCV_ACK_UNACCEPTABLE     | =          |
            TIME_WAIT RCV_FIN                  | =          | tw-; ACK; tw+
            TIME_WAIT RCV_FIN_ACK              | =          | tw-; ACK; tw+
            TIME_WAIT RCV_RST                  | CLOSED     | tw-
            TIME_WAIT TIMEOUT                  | CLOSED     |
            TIME_WAIT USER_TIMEOUT             | CLOSED     | tw-; error:connection aborted due to user timeout
            TIME_WAIT RETRANSMISSION_TIMEOUT   | =          |
            TIME_WAIT RETRANSMISSION_EXHAUSTED | =          |
            TIME_WAIT RCV_SYN_RETRANSMITTED | =          | CHALLENGE_ACK
            TIME_WAIT CLOSE_DISCARDING_UNREAD | = |
            TIME_WAIT RCV_DATA_NO_READER | = |
            """;

    /** The table, parsed: situation → event → outcome. */
    static Map<Situation, Map<TcpEvent, Outcome>> parse(String table) {
        Map<Situation, Map<TcpEvent, Outcome>> result = new EnumMap<>(Situation.class);
        for (String line : table.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\\|", -1);
            if (columns.length != 3) {
                throw new IllegalArgumentException("bad line: " + line);
            }
            String[] key = columns[0].trim().split("\\s+");
            Situation situation = Situation.valueOf(key[0]);
            TcpEvent event = TcpEvent.valueOf(key[1]);
            String next = columns[1].trim();
            TcpState state = next.equals("=") ? situation.state : TcpState.valueOf(next);
            List<TcpEffect> effects = new ArrayList<>();
            for (String token : columns[2].split(";")) {
                token = token.trim();
                if (!token.isEmpty()) {
                    effects.add(effect(token));
                }
            }
            Outcome previous = result.computeIfAbsent(situation, s -> new EnumMap<>(TcpEvent.class))
                    .put(event, new Outcome(state, List.copyOf(effects)));
            if (previous != null) {
                throw new IllegalArgumentException("duplicate line: " + line);
            }
        }
        return result;
    }

    private static TcpEffect effect(String token) {
        if (token.startsWith("error:")) {
            return TcpHarness.error(token.substring("error:".length()));
        }
        if (token.startsWith("signal:")) {
            String text = token.substring("signal:".length());
            for (TcpSignal signal : TcpSignal.values()) {
                if (signal.text().equals(text)) {
                    return TcpHarness.signal(signal);
                }
            }
            throw new IllegalArgumentException("unknown signal: " + text);
        }
        switch (token) {
            case "retransmit":
                return TcpHarness.retransmit();
            case "tw+":
                return TcpHarness.twStarted();
            case "tw-":
                return TcpHarness.twStopped();
            default:
                return TcpHarness.send(TcpSegment.valueOf(token));
        }
    }
}
