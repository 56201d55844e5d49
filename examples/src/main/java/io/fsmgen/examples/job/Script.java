package io.fsmgen.examples.job;

import io.fsmgen.tcp.nio.NioTcpHandler;

/**
 * What the two applications do in one scenario: the handlers of the server (for the connection it accepts) and of
 * the client. Handlers run on the runtime's loop thread; {@link Stage} gives them a clock for "a moment later".
 */
interface Script {

    /** The name users type after {@code scenario}. */
    String name();

    /** What the two applications do (the headline says what happened; see {@link Headline}). */
    String description();

    /**
     * How many lives to play at most until one shows what this script is about ({@link #shows}); the lives that did
     * not are counted and reported, not shown.
     */
    default int maxTries() {
        return 1;
    }

    /** Whether a life's kernel steps show what this script is about (asked only when {@link #maxTries()} > 1). */
    default boolean shows(LoopbackLife.Result result) {
        return true;
    }

    /** Whether a server listens at all; without one, the connect is refused. */
    default boolean serverListens() {
        return true;
    }

    NioTcpHandler server(Stage stage);

    NioTcpHandler client(Stage stage);
}
