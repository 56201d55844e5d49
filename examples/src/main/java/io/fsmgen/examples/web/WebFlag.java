package io.fsmgen.examples.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --web [port]} option, taken out of a command's arguments in one place: the live page on 127.0.0.1, on
 * the given port or a free one.
 *
 * @param port      the port asked for; 0 for a free one; empty when {@code --web} was not given
 * @param remaining the command's other arguments, in order
 */
public record WebFlag(Optional<Integer> port, List<String> remaining) {

    public WebFlag {
        remaining = List.copyOf(remaining);
    }

    /**
     * Removes {@code --web}, and the port after it if the next argument is a number.
     *
     * @throws IllegalArgumentException naming the problem: a port out of range, or {@code --web} twice
     */
    public static WebFlag parse(List<String> args) {
        List<String> remaining = new ArrayList<>();
        Optional<Integer> port = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.equals("--web")) {
                remaining.add(arg);
                continue;
            }
            if (port.isPresent()) {
                throw new IllegalArgumentException("--web given twice");
            }
            int chosen = 0;
            if (i + 1 < args.size() && args.get(i + 1).matches("-?\\d+")) {
                String value = args.get(++i);
                long number;
                try {
                    number = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    number = -1;
                }
                if (number < 0 || number > 65535) {
                    throw new IllegalArgumentException("--web's port must be between 0 and 65535, not " + value);
                }
                chosen = (int) number;
            }
            port = Optional.of(chosen);
        }
        return new WebFlag(port, remaining);
    }

    public boolean enabled() {
        return port.isPresent();
    }
}
