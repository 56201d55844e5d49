package io.fsmgen.behaviour;

/** Events shared by the small test specs. */
enum Switch {
    FLIP,
    TICK,
    SELF,
    KICK,
    CHAIN,
    REPAIR,
    TIMEOUT
}
