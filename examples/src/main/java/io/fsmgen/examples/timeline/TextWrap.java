package io.fsmgen.examples.timeline;

/** Wraps prose at word boundaries so that every line the command line prints fits in {@link #WIDTH} columns. */
public final class TextWrap {

    /** The widest line any command prints. */
    public static final int WIDTH = 120;

    private TextWrap() {}

    /** {@code text} wrapped at {@link #WIDTH}, continuation lines indented by {@code indent} spaces; ends in a newline. */
    public static String wrap(String text, int indent) {
        return wrap(text, indent, WIDTH);
    }

    static String wrap(String text, int indent, int width) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (column > 0 && column + 1 + word.length() > width) {
                out.append('\n').append(" ".repeat(indent));
                column = indent;
            } else if (column > 0) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.append('\n').toString();
    }
}
