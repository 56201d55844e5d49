package io.fsmgen.behaviour;

/** States and events shared by the small test specs. */
enum Light {
    OFF,
    ON,
    BROKEN
}
