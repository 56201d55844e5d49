package io.fsmgen.tcp.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * glibc's message catalogues ({@code libc.mo} under {@code /usr/share/locale}), where {@code strerror} finds its
 * translations: read for the errors that no probe can provoke without a TCP connection (ECONNRESET, whose text the
 * JDK's read replaces by its own "Connection reset" while a Unix-domain write says EPIPE; ETIMEDOUT). Which catalogue
 * glibc uses depends on {@code LANGUAGE}, {@code LC_ALL}, {@code LC_MESSAGES} and {@code LANG} and on its own
 * fallbacks; rather than redo that choice, the catalogues are matched against the texts this JVM gave for errors that
 * were provoked ({@link ErrnoTexts}): only a catalogue that translates them all as this JVM did is taken.
 */
final class LibcMessages {

    /** glibc's default directory of message catalogues. */
    static final Path LOCALE_DIR = Path.of("/usr/share/locale");

    private static final int MAGIC = 0x950412de;
    private static final Pattern CHARSET = Pattern.compile("charset=([\\w.:-]+)");

    private LibcMessages() {}

    /**
     * The translations of {@code wanted} in every catalogue under {@code localeDir} that translates each key of
     * {@code spoken} to its value; an English text stands for itself where a matching catalogue lacks it. Empty when
     * no catalogue matches.
     */
    static List<String> translations(Path localeDir, Map<String, String> spoken, String wanted) throws IOException {
        return translations(localeDir, spoken, Set.of(wanted)).get(wanted);
    }

    /**
     * {@link #translations(Path, Map, String)} of each of {@code wanted}, every catalogue read once for them all; an
     * empty list for each when no catalogue matches.
     */
    static Map<String, List<String>> translations(Path localeDir, Map<String, String> spoken, Set<String> wanted)
            throws IOException {
        Map<String, List<String>> found = new HashMap<>();
        wanted.forEach(w -> found.put(w, new ArrayList<>()));
        if (!Files.isDirectory(localeDir)) {
            return found;
        }
        Set<String> ids = new HashSet<>(spoken.keySet());
        ids.addAll(wanted);
        try (Stream<Path> languages = Files.list(localeDir)) {
            for (Path catalogue : (Iterable<Path>) languages.map(l -> l.resolve("LC_MESSAGES").resolve("libc.mo"))
                    .filter(Files::isRegularFile)::iterator) {
                Optional<Map<String, String>> messages = read(catalogue, ids);
                if (messages.isPresent() && spoken.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(messages.get().get(e.getKey())))) {
                    for (String w : wanted) {
                        String text = messages.get().getOrDefault(w, w);
                        if (!found.get(w).contains(text)) {
                            found.get(w).add(text);
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * The translations of {@code ids} in a GNU {@code .mo} file (those it has); empty when the file is no such
     * catalogue. Only the asked messages are decoded: a catalogue holds thousands.
     */
    static Optional<Map<String, String>> read(Path catalogue, Set<String> ids) throws IOException {
        ByteBuffer mo = ByteBuffer.wrap(Files.readAllBytes(catalogue)).order(ByteOrder.LITTLE_ENDIAN);
        if (mo.remaining() < 20) {
            return Optional.empty();
        }
        if (mo.getInt(0) != MAGIC) {
            mo.order(ByteOrder.BIG_ENDIAN);
            if (mo.getInt(0) != MAGIC) {
                return Optional.empty();
            }
        }
        try {
            int count = mo.getInt(8);
            int idTable = mo.getInt(12);
            int textTable = mo.getInt(16);
            Charset charset = StandardCharsets.UTF_8;
            Map<Integer, List<String>> asked = byLength(ids, charset);
            Map<String, String> translations = new HashMap<>();
            for (int i = 0; i < count; i++) {
                int length = mo.getInt(idTable + 8 * i);
                if (length == 0) { // the header: "Content-Type: text/plain; charset=UTF-8"
                    Matcher m = CHARSET.matcher(new String(string(mo, textTable + 8 * i), StandardCharsets.US_ASCII));
                    if (m.find() && Charset.isSupported(m.group(1))) {
                        charset = Charset.forName(m.group(1));
                    }
                    asked = byLength(ids, charset);
                    continue;
                }
                for (String id : asked.getOrDefault(length, List.of())) {
                    if (Arrays.equals(string(mo, idTable + 8 * i), id.getBytes(charset))) {
                        translations.put(id, new String(string(mo, textTable + 8 * i), charset));
                    }
                }
            }
            return Optional.of(translations);
        } catch (IndexOutOfBoundsException | IllegalArgumentException | NegativeArraySizeException e) {
            return Optional.empty(); // truncated or damaged: not a catalogue to trust
        }
    }

    /** The asked ids by their length in the catalogue's charset: the first, cheap test of a message against them. */
    private static Map<Integer, List<String>> byLength(Set<String> ids, Charset charset) {
        Map<Integer, List<String>> byLength = new HashMap<>();
        for (String id : ids) {
            byLength.computeIfAbsent(id.getBytes(charset).length, n -> new ArrayList<>()).add(id);
        }
        return byLength;
    }

    private static byte[] string(ByteBuffer mo, int entry) {
        int length = mo.getInt(entry);
        int offset = mo.getInt(entry + 4);
        byte[] bytes = new byte[length];
        mo.get(offset, bytes);
        return bytes;
    }
}
