package io.fsmgen.examples.job;

import io.fsmgen.examples.timeline.Side;
import io.fsmgen.tcp.nio.NioTcpConnection;
import io.fsmgen.tcp.nio.NioTcpHandler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The scenarios over real sockets, each a few lines of application behaviour on both ends. */
final class Scripts {

    /** How long an application takes to react to the peer's FIN: long enough to see CLOSE_WAIT on its own. */
    static final Duration PAUSE = Duration.ofMillis(250);

    private Scripts() {}

    static List<Script> all() {
        return List.of(clientClosesFirst(), serverClosesFirst(), simultaneousClose(), refused(), reset(),
                halfClose());
    }

    static Optional<Script> named(String name) {
        return all().stream().filter(script -> script.name().equals(name)).findFirst();
    }

    /** The main job: three messages echoed, then the client closes first. */
    static Script clientClosesFirst() {
        return new Simple("client-closes-first",
                "the client sends three messages, the server echoes them; the client closes when the last echo"
                        + " is back, the server a moment after the client's FIN") {
            @Override
            public NioTcpHandler server(Stage stage) {
                return new Handler(stage, "server") {
                    @Override
                    public void data(NioTcpConnection connection, ByteBuffer data) {
                        super.data(connection, data.duplicate());
                        connection.write(data);
                    }

                    @Override
                    public void peerFinished(NioTcpConnection connection) {
                        stage.later(PAUSE, connection::close);
                    }
                };
            }

            @Override
            public NioTcpHandler client(Stage stage) {
                return new Handler(stage, "client") {
                    private final List<String> messages = List.of("hello", "how are you?", "bye");
                    private int sent;

                    @Override
                    public void opened(NioTcpConnection connection) {
                        Stage.send(connection, messages.get(sent++));
                    }

                    @Override
                    public void data(NioTcpConnection connection, ByteBuffer data) {
                        super.data(connection, data);
                        if (sent == messages.size()) {
                            connection.close();
                        } else {
                            Stage.send(connection, messages.get(sent++));
                        }
                    }
                };
            }
        };
    }

    static Script serverClosesFirst() {
        return new Simple("server-closes-first",
                "the server answers the client's message and closes at once; the client closes a moment after the"
                        + " server's FIN") {
            @Override
            public NioTcpHandler server(Stage stage) {
                return new Handler(stage, "server") {
                    @Override
                    public void data(NioTcpConnection connection, ByteBuffer data) {
                        super.data(connection, data);
                        Stage.send(connection, "goodbye");
                        connection.close();
                    }
                };
            }

            @Override
            public NioTcpHandler client(Stage stage) {
                return new Handler(stage, "client") {
                    @Override
                    public void opened(NioTcpConnection connection) {
                        Stage.send(connection, "hello");
                    }

                    @Override
                    public void peerFinished(NioTcpConnection connection) {
                        stage.later(PAUSE, connection::close);
                    }
                };
            }
        };
    }

    static Script simultaneousClose() {
        return new Simple("simultaneous-close",
                "both applications call close() in the same instant, released from one barrier; the life is played"
                        + " again until the kernel shows the FINs crossing (CLOSING on both sides)") {
            @Override
            public int maxTries() {
                return 200;
            }

            @Override
            public boolean shows(LoopbackLife.Result result) {
                return !result.kernel() || (passedClosing(result, Side.CLIENT) && passedClosing(result, Side.SERVER));
            }

            private boolean passedClosing(LoopbackLife.Result result, Side side) {
                return result.kernelSteps(side).stream().anyMatch(s -> s.to().equals("CLOSING"));
            }

            @Override
            public NioTcpHandler server(Stage stage) {
                return new Handler(stage, "server") {
                    @Override
                    public void data(NioTcpConnection connection, ByteBuffer data) {
                        super.data(connection, data);
                        stage.closeBothAtOnce();
                    }
                };
            }

            @Override
            public NioTcpHandler client(Stage stage) {
                return new Handler(stage, "client") {
                    @Override
                    public void opened(NioTcpConnection connection) {
                        Stage.send(connection, "close now");
                    }
                };
            }
        };
    }

    static Script refused() {
        return new Simple("refused", "the client connects to a port where nobody listens") {
            @Override
            public boolean serverListens() {
                return false;
            }

            @Override
            public NioTcpHandler server(Stage stage) {
                return new Handler(stage, "server");
            }

            @Override
            public NioTcpHandler client(Stage stage) {
                return new Handler(stage, "client");
            }
        };
    }

    static Script reset() {
        return new Simple("reset",
                "the server aborts when the client's message arrives (SO_LINGER 0: a RST instead of a FIN)") {
            @Override
            public NioTcpHandler server(Stage stage) {
                return new Handler(stage, "server") {
                    @Override
                    public void data(NioTcpConnection connection, ByteBuffer data) {
                        super.data(connection, data);
                        connection.abort();
                    }
                };
            }

            @Override
            public NioTcpHandler client(Stage stage) {
                return new Handler(stage, "client") {
                    @Override
                    public void opened(NioTcpConnection connection) {
                        Stage.send(connection, "are you there?");
                    }
                };
            }
        };
    }

    static Script halfClose() {
        return new Simple("half-close",
                "the client sends its whole request and closes its side at once; the server answers in two parts"
                        + " after the client's FIN, then closes") {
            @Override
            public NioTcpHandler server(Stage stage) {
                return new Handler(stage, "server") {
                    @Override
                    public void peerFinished(NioTcpConnection connection) {
                        Stage.send(connection, "answer, part 1; ");
                        stage.later(PAUSE, () -> {
                            Stage.send(connection, "part 2");
                            stage.later(PAUSE, connection::close);
                        });
                    }
                };
            }

            @Override
            public NioTcpHandler client(Stage stage) {
                return new Handler(stage, "client") {
                    @Override
                    public void opened(NioTcpConnection connection) {
                        Stage.send(connection, "the whole request");
                        connection.close();
                    }
                };
            }
        };
    }

    /** A script with a fixed name and description. */
    private abstract static class Simple implements Script {
        private final String name;
        private final String description;

        Simple(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** Logs what a side receives and remembers its connection on the stage. */
    private static class Handler implements NioTcpHandler {
        final Stage stage;
        private final String side;

        Handler(Stage stage, String side) {
            this.stage = stage;
            this.side = side;
        }

        @Override
        public void data(NioTcpConnection connection, ByteBuffer data) {
            stage.received(side, data);
        }

        @Override
        public String toString() {
            return "scenario " + side;
        }
    }
}
