package io.fsmgen.examples.timeline;

/** Wraps prose at word boundaries so that every line the command line prints fits in {@link #WIDTH} columns. */
public final class TextWrap {

    /** The widest line any command prints. */
    public static final int WIDTH = 120;

    private TextWrap() {}

    /**
     * {@code text} wrapped at {@link #WIDTH}, continuation lines indented by {@code indent} spaces; ends in a newline.
     * Spaces that open {@code text} are kept, so that a help text's description can start indented like its
     * continuation lines.
     */
    public static String wrap(String text, int indent) {
        return wrap(text, indent, WIDTH);
    }

    static String wrap(String text, int indent, int width) {
        int leading = 0;
        while (leading < text.length() && text.charAt(leading) == ' ') {
            leading++;
        }
        StringBuilder out = new StringBuilder(text.substring(0, leading));
        int column = leading;
        boolean lineEmpty = true;
        for (String word : text.substring(leading).split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!lineEmpty && column + 1 + word.length() > width) {
                out.append('\n').append(" ".repeat(indent));
                column = indent;
            } else if (!lineEmpty) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            lineEmpty = false;
        }
        return out.append('\n').toString();
    }
}
