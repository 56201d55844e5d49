package io.fsmgen.failure;

/**
 * States of the hierarchical failure-semantics specs: OUTER contains INNER (which contains A and B) and C; FAILED
 * contains RETRYING; OUTSIDE is outside both.
 */
enum Zone { OUTSIDE, OUTER, INNER, A, B, C, FAILED, RETRYING }
