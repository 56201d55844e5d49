package io.fsmgen.web.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hover texts come from the README's "How to read it", as the build copies it into the module. */
class GlossaryTest {

    @Test
    void theReadmeExplainsEveryStateALearnerMeets() {
        Glossary glossary = Glossary.fromReadme();
        for (String state : List.of("LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
                "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT")) {
            assertNotNull(glossary.of(state), state + " is not explained in the README's 'How to read it'");
        }
        assertTrue(glossary.of("TIME_WAIT").contains("2·MSL"), glossary.of("TIME_WAIT"));
        assertTrue(glossary.of("CLOSE_WAIT").contains("leak detector"), glossary.of("CLOSE_WAIT"));
        assertEquals(glossary.of("FIN_WAIT_1"), glossary.of("FIN_WAIT_2"), "one bullet explains both");
        assertTrue(!glossary.of("LISTEN").contains("**") && !glossary.of("SYN_RECEIVED").contains("`"),
                "markdown marks are removed");
    }

    @Test
    void aBulletExplainsTheStatesThatOpenItInBold() {
        Glossary glossary = Glossary.parse("""
                # Title

                How to read it:

                - **A** and **B_2**: both, with `code` and a
                  second line mentioning **C**.
                - **D**, then words.
                - Not a state: **lower**.

                After the list.
                - **E**: not in the list any more.
                """);
        assertEquals(List.of("A", "B_2", "D"), List.copyOf(new java.util.TreeSet<>(glossary.states())));
        assertEquals("A and B_2: both, with code and a second line mentioning C.", glossary.of("A"));
    }

    @Test
    void aReadmeWithoutTheSectionIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Glossary.parse("# nothing\n"));
        assertTrue(e.getMessage().contains("How to read it:"), e.getMessage());
    }
}
