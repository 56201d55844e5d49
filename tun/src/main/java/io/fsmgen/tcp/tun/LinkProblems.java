package io.fsmgen.tcp.tun;

/**
 * The most recent thing a {@link TunLink} dropped, refused or failed at, in words, whichever of its parts met it: what
 * {@link TunLinkStats#lastProblem()} shows. Confined to the link's thread.
 */
final class LinkProblems {

    private String last = "";

    void report(String problem) {
        last = problem;
    }

    String last() {
        return last;
    }
}
