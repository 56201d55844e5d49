package io.fsmgen;

/**
 * What a composite state remembers when it is left, for a later {@link Transition#history() history} entry: the
 * pseudo-states {@code H} and {@code H*} of UML, {@code <history type="shallow|deep">} of SCXML.
 */
public enum History {
    /** Remembers nothing: a history entry is a compile error, every entry goes through the initial child. */
    NONE,
    /** Remembers the child that was active: a history entry resumes that child, entering it through its initial child. */
    SHALLOW,
    /** Remembers the leaf that was active: a history entry resumes exactly that leaf and every state above it. */
    DEEP
}
