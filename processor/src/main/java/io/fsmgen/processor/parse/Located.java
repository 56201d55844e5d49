package io.fsmgen.processor.parse;

/** A value read from an annotation, with the place it was written so that a diagnostic can point at it. */
public record Located<T>(T value, Site site) {}
