package io.fsmgen.examples.tun;

/** Word-wraps prose for a terminal. */
final class Wrap {

    private Wrap() {
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters, each ending in a newline. */
    static String lines(String text, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
