package io.fsmgen.examples.job;

import io.fsmgen.tcp.nio.NioTcpHandler;

/**
 * What the two applications do in one scenario: the handlers of the server (for the connection it accepts) and of
 * the client. Handlers run on the runtime's loop thread; {@link Stage} gives them a clock for "a moment later".
 */
interface Script {

    /** The name users type after {@code scenario}. */
    String name();

    /** One line saying what to look for in the timeline. */
    String description();

    /** Whether a server listens at all; without one, the connect is refused. */
    default boolean serverListens() {
        return true;
    }

    NioTcpHandler server(Stage stage);

    NioTcpHandler client(Stage stage);
}
