package io.fsmgen;

/**
 * What the processor writes beside a machine under {@code META-INF/fsmgen/} ({@link StateMachine#diagrams()}). The
 * Markdown table ({@code .md}) is always complete; this only decides the Mermaid ({@code .mmd}) and Graphviz
 * ({@code .dot}) diagrams.
 */
public enum Diagrams {

    /** Full diagrams up to {@value #SUMMARY_ABOVE_EDGES} edges; a summary past that. */
    AUTO,

    /** Full diagrams whatever the size. */
    FULL,

    /**
     * A summary: every state, with an edge to each state it can reach labelled by how many events lead there, instead
     * of one edge per row. Readable where a full drawing of thousands of edges is not.
     */
    SUMMARY,

    /** No diagrams; the Markdown table only. */
    NONE;

    /** Under {@link #AUTO}, machines with more edges than this get a summary. */
    public static final int SUMMARY_ABOVE_EDGES = 400;
}
