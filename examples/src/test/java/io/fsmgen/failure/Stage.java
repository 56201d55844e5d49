package io.fsmgen.failure;

/** States of the failure-semantics specs: an order that is placed, then paid, and expires if left alone. */
enum Stage { NEW, PAID, SHIPPED, EXPIRED, FAILED }
