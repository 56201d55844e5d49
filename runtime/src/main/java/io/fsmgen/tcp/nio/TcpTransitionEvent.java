package io.fsmgen.tcp.nio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JDK Flight Recorder event per machine transition. Created only when {@link #isEnabled()} says a recording wants
 * it, so it costs a flag check when no recording runs.
 */
@Name("io.fsmgen.tcp.Transition")
@Label("TCP Transition")
@Category({"fsmgen", "TCP"})
@Description("A transition of an RFC 9293 connection machine bound to a java.nio socket")
@StackTrace(false)
final class TcpTransitionEvent extends jdk.jfr.Event {
    @Label("Connection Id")
    long connectionId;

    @Label("Local")
    String local;

    @Label("Remote")
    String remote;

    @Label("From")
    String from;

    @Label("Event")
    String event;

    @Label("To")
    String to;

    @Label("Observed")
    @Description("False when the transition is the local timer's estimate (no kernel table)")
    boolean observed;
}
