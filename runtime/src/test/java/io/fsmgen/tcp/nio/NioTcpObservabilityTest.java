package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** JFR events for transitions. */
@Timeout(30)
class NioTcpObservabilityTest {

    @Test
    void transitionsAreRecordedByFlightRecorder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nio.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.fsmgen.tcp.Transition");
            recording.start();
            try (NioTcpRuntime rt = NioTcpRuntime.open()) {
                Recorder server = new Recorder("server");
                server.closeOnPeerFinished = true;
                NioTcpListener l = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), server);
                Recorder client = new Recorder("client");
                NioTcpConnection c = rt.connect(l.localAddress(), client);
                Recorder.get(client.opened);
                c.close();
                Recorder.get(client.closed);
                Recorder.get(server.closed);
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<String> transitions = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.fsmgen.tcp.Transition"))
                .map(e -> e.getString("from") + " --" + e.getString("event") + "--> " + e.getString("to"))
                .collect(Collectors.toList());
        assertTrue(transitions.contains("CLOSED --ACTIVE_OPEN--> SYN_SENT"), transitions.toString());
        assertTrue(transitions.contains("ESTABLISHED --CLOSE--> FIN_WAIT_1"), transitions.toString());
        assertTrue(transitions.contains("CLOSE_WAIT --CLOSE--> LAST_ACK"), transitions.toString());
        assertTrue(Files.size(file) > 0);
    }
}
