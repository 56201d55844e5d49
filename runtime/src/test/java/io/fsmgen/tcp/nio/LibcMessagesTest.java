package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glibc's catalogues are taken only where they speak as this JVM did: of several languages, the one whose translation
 * of the provoked errors matches gives the others' texts; a file that is no catalogue is passed over, not trusted.
 */
class LibcMessagesTest {

    @TempDir
    Path locales;

    @Test
    void onlyTheCatalogueThatSpeaksAsThisJvmDidGivesItsTranslation() throws IOException {
        catalogue("de", Map.of("Broken pipe", "Datenübergabe unterbrochen (broken pipe)",
                "Connection timed out", "Die Wartezeit für die Verbindung ist abgelaufen"));
        catalogue("fr", Map.of("Broken pipe", "Relais brisé (pipe)", "Connection timed out", "Connexion expirée"));
        assertEquals(List.of("Die Wartezeit für die Verbindung ist abgelaufen"), LibcMessages.translations(locales,
                Map.of("Broken pipe", "Datenübergabe unterbrochen (broken pipe)"), "Connection timed out"));
    }

    @Test
    void aMatchingCatalogueWithoutTheMessageGivesTheEnglishText() throws IOException {
        catalogue("de", Map.of("Broken pipe", "Datenübergabe unterbrochen (broken pipe)"));
        assertEquals(List.of("Connection timed out"), LibcMessages.translations(locales,
                Map.of("Broken pipe", "Datenübergabe unterbrochen (broken pipe)"), "Connection timed out"));
    }

    @Test
    void noCatalogueSpeaksAsThisJvmDid() throws IOException {
        catalogue("fr", Map.of("Broken pipe", "Relais brisé (pipe)", "Connection timed out", "Connexion expirée"));
        assertEquals(List.of(), LibcMessages.translations(locales,
                Map.of("Broken pipe", "Datenübergabe unterbrochen (broken pipe)"), "Connection timed out"));
        assertEquals(List.of(), LibcMessages.translations(locales.resolve("absent"),
                Map.of("Broken pipe", "Datenübergabe unterbrochen (broken pipe)"), "Connection timed out"));
    }

    @Test
    void aFileThatIsNoCatalogueIsPassedOver() throws IOException {
        Path damaged = locales.resolve("damaged.mo");
        byte[] header = mo(Map.of("Broken pipe", "x"));
        Files.write(damaged, Arrays.copyOf(header, 40)); // the tables point past its end
        assertEquals(Optional.empty(), LibcMessages.read(damaged, Set.of("Broken pipe")));
        Files.writeString(damaged, "not a catalogue at all");
        assertEquals(Optional.empty(), LibcMessages.read(damaged, Set.of("Broken pipe")));
    }

    private void catalogue(String language, Map<String, String> messages) throws IOException {
        Path dir = Files.createDirectories(locales.resolve(language).resolve("LC_MESSAGES"));
        Files.write(dir.resolve("libc.mo"), mo(messages));
    }

    /** A GNU {@code .mo} file: the header, then the tables of ids and translations, then the strings. */
    private static byte[] mo(Map<String, String> messages) {
        TreeMap<String, String> sorted = new TreeMap<>(messages);
        sorted.put("", "Content-Type: text/plain; charset=UTF-8\n");
        List<byte[]> ids = new ArrayList<>();
        List<byte[]> texts = new ArrayList<>();
        sorted.forEach((id, text) -> {
            ids.add(id.getBytes(StandardCharsets.UTF_8));
            texts.add(text.getBytes(StandardCharsets.UTF_8));
        });
        int n = sorted.size();
        int idTable = 28;
        int textTable = idTable + 8 * n;
        int strings = textTable + 8 * n;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer tables = ByteBuffer.allocate(strings).order(ByteOrder.LITTLE_ENDIAN);
        tables.putInt(0x950412de).putInt(0).putInt(n).putInt(idTable).putInt(textTable).putInt(0).putInt(0);
        List<byte[]> all = new ArrayList<>(ids);
        all.addAll(texts);
        for (byte[] s : all) {
            tables.putInt(s.length).putInt(strings + data.size());
            data.write(s, 0, s.length);
            data.write(0);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(tables.array(), 0, strings);
        file.write(data.toByteArray(), 0, data.size());
        return file.toByteArray();
    }
}
