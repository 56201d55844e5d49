package io.fsmgen.examples.timeline;

/** Which end of the connection a step happened on: the timeline's left or right column. */
public enum Side {
    CLIENT,
    SERVER
}
