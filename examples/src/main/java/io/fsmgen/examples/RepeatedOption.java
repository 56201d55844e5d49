package io.fsmgen.examples;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line's one rule for repeats: an option given twice is a mistake to name, not a choice of the last
 * value, unless the command lets it repeat (watch's {@code --port}).
 */
public final class RepeatedOption {

    private RepeatedOption() {}

    /** The first option ({@code --name}) that {@code args} gives twice, other than those in {@code mayRepeat}. */
    public static Optional<String> first(List<String> args, Set<String> mayRepeat) {
        Set<String> seen = new HashSet<>();
        return args.stream()
                .filter(arg -> arg.startsWith("--") && !mayRepeat.contains(arg))
                .filter(arg -> !seen.add(arg))
                .findFirst();
    }
}
