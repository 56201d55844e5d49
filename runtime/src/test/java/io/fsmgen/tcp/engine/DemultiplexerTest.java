package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemultiplexerTest {

    private static final EndpointAddress SERVER = EndpointAddress.of(Golden.SERVER_IP, 80);
    private static final EndpointAddress CLIENT_1 = EndpointAddress.of(Golden.CLIENT_IP, 40001);
    private static final EndpointAddress CLIENT_2 = EndpointAddress.of(Golden.CLIENT_IP, 40002);

    @Test
    void anExactFourTupleBeatsTheListener() {
        Demultiplexer<String, String> demux = new Demultiplexer<>();
        assertTrue(demux.listen(SERVER, "listener"));
        assertTrue(demux.addConnection(new ConnectionId(SERVER, CLIENT_1), "conn-1"));
        assertEquals("conn-1", assertInstanceOf(Demultiplexer.Route.ToConnection.class,
                demux.route(new ConnectionId(SERVER, CLIENT_1))).connection());
        assertEquals("listener", assertInstanceOf(Demultiplexer.Route.ToListener.class,
                demux.route(new ConnectionId(SERVER, CLIENT_2))).listener());
    }

    @Test
    void withoutListenerOrConnectionThereIsNoMatch() {
        Demultiplexer<String, String> demux = new Demultiplexer<>();
        demux.listen(SERVER, "listener");
        demux.stopListening(SERVER);
        assertInstanceOf(Demultiplexer.Route.NoMatch.class, demux.route(new ConnectionId(SERVER, CLIENT_1)));
    }

    @Test
    void aFourTupleHoldsOneConnection() {
        Demultiplexer<String, String> demux = new Demultiplexer<>();
        ConnectionId id = new ConnectionId(SERVER, CLIENT_1);
        assertTrue(demux.addConnection(id, "first"));
        assertFalse(demux.addConnection(id, "second"));
        assertFalse(demux.listen(SERVER, "a") && demux.listen(SERVER, "b"));
        assertEquals("first", demux.removeConnection(id).orElseThrow());
        assertEquals(0, demux.connectionCount());
    }

    @Test
    void routesADatagramByItsDestinationAndSource() {
        Demultiplexer<String, String> demux = new Demultiplexer<>();
        demux.addConnection(new ConnectionId(SERVER, CLIENT_1), "conn-1");
        Datagram arriving = new Datagram(CLIENT_1, SERVER, new byte[0]);
        assertEquals(new ConnectionId(SERVER, CLIENT_1), ConnectionId.ofArrival(arriving));
        assertInstanceOf(Demultiplexer.Route.ToConnection.class, demux.route(arriving));
    }
}
