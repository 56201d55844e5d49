package io.fsmgen.examples.timeline;

/** Which end of the connection a step happened on: the timeline's left or right column. */
public enum Side {
    CLIENT("cli"),
    SERVER("srv"),
    /** The server's listening socket, drawn in the server's column. */
    LISTENER("lsn");

    private final String tag;

    Side(String tag) {
        this.tag = tag;
    }

    /** Three letters that name the side in the narrow kernel column. */
    public String tag() {
        return tag;
    }

    /** The column the side is drawn in: the listener shares the server's. */
    public boolean left() {
        return this == CLIENT;
    }
}
