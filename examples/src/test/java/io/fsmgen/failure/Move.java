package io.fsmgen.failure;

/** Events of the hierarchical failure-semantics specs. */
enum Move { ENTER, RESUME, NEXT, LEAVE, EXPIRE, HOLD, PARK, BREAK, RETRY, RESTART }
