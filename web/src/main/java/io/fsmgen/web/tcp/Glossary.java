package io.fsmgen.web.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hover texts of the TCP states, read from the README's "How to read it" list, which the build copies into this
 * module: one text for the terminal's readers and the page's, never two copies that drift. A bullet explains the
 * states whose names open it in bold ({@code - **FIN_WAIT_1** and **FIN_WAIT_2**: ...}).
 */
public final class Glossary {

    static final String RESOURCE = "io/fsmgen/web/README.md";
    static final String HEADING = "How to read it:";
    private static final Pattern LEADING_NAMES = Pattern.compile("^\\*\\*([A-Z][A-Z0-9_]*)\\*\\*((?:(?:, | and |/)"
            + "\\*\\*[A-Z][A-Z0-9_]*\\*\\*)*)");
    private static final Pattern BOLD_NAME = Pattern.compile("\\*\\*([A-Z][A-Z0-9_]*)\\*\\*");

    private final Map<String, String> texts;

    private Glossary(Map<String, String> texts) {
        this.texts = Map.copyOf(texts);
    }

    /** The glossary of the README shipped in this module. */
    public static Glossary fromReadme() {
        try (InputStream in = Glossary.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from fsmgen-web: the build copies the"
                        + " project's README.md there");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The glossary of a README's text. */
    static Glossary parse(String readme) {
        int heading = readme.indexOf("\n" + HEADING + "\n");
        if (heading < 0) {
            throw new IllegalStateException("the README has no line '" + HEADING + "'");
        }
        List<String> bullets = new ArrayList<>();
        StringBuilder bullet = null;
        String[] lines = readme.substring(heading + HEADING.length() + 2).split("\n", -1);
        for (String line : lines) {
            if (line.startsWith("- ")) {
                if (bullet != null) {
                    bullets.add(bullet.toString());
                }
                bullet = new StringBuilder(line.substring(2).trim());
            } else if (bullet != null && line.startsWith("  ") && !line.isBlank()) {
                bullet.append(' ').append(line.trim());
            } else if (line.isBlank() && bullet == null) {
                continue;
            } else {
                break;
            }
        }
        if (bullet != null) {
            bullets.add(bullet.toString());
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (String text : bullets) {
            Matcher leading = LEADING_NAMES.matcher(text);
            if (!leading.find()) {
                continue;
            }
            String plain = plain(text);
            Matcher names = BOLD_NAME.matcher(leading.group());
            while (names.find()) {
                texts.put(names.group(1), plain);
            }
        }
        return new Glossary(texts);
    }

    /** The explanation of {@code state}, or null. */
    public String of(String state) {
        return texts.get(state);
    }

    /** The states explained. */
    public Set<String> states() {
        return texts.keySet();
    }

    public Map<String, String> texts() {
        return texts;
    }

    /** Markdown's emphasis and code marks removed: the page shows the text as text. */
    private static String plain(String markdown) {
        return markdown.replace("**", "").replace("`", "");
    }
}
