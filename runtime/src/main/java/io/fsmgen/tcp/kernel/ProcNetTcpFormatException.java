package io.fsmgen.tcp.kernel;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link ProcNetTcpParser.Result#orThrow()} when some rows of {@code /proc/net/tcp{,6}}
 * could not be parsed. Unchecked because a malformed kernel table is not something a caller can
 * recover from at the call site; the message lists every problem with its line number.
 */
public final class ProcNetTcpFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<ProcNetTcpParser.Problem> problems;

    /** An exception describing the given (non-empty) problems. */
    public ProcNetTcpFormatException(List<ProcNetTcpParser.Problem> problems) {
        super(problems.size() + " malformed row(s): "
                + problems.stream().map(ProcNetTcpParser.Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in order. */
    public List<ProcNetTcpParser.Problem> problems() {
        return problems;
    }
}
