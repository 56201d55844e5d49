package io.fsmgen.failure;

/** Events of the failure-semantics specs. */
enum Step { PAY, SHIP, EXPIRE, BREAK, RETRY }
