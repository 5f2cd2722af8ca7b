package io.securemqtt.common.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void buildsArticleTopic() {
        assertEquals("articulos/marca/futbol", Topics.forArticle("marca", "futbol"));
        assertEquals("articulos/el país/fútbol", Topics.forArticle("el país", "fútbol"));
    }

    @Test
    void namesTheBadLevelAndWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topics.forArticle("marca/as", "futbol"));
        assertEquals("newspaper 'marca/as' contains '/', which would split it into two topic levels", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Topics.forArticle("marca", "fut+bol"));
        assertTrue(e.getMessage().startsWith("section 'fut+bol' contains a wildcard"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Topics.forArticle("marca", "#"));
        assertTrue(e.getMessage().startsWith("section '#' contains a wildcard"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Topics.forArticle("", "futbol"));
        assertTrue(e.getMessage().startsWith("newspaper is empty"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Topics.forArticle("marca", "  "));
        assertTrue(e.getMessage().startsWith("section is empty"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Topics.forArticle(null, "futbol"));
        assertTrue(e.getMessage().startsWith("newspaper is empty"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Topics.forArticle("mar\u0000ca", "futbol"));
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
    }

    @Test
    void levelLengthIsCountedInCharacters() {
        String sixtyFourAccented = "ñ".repeat(64);
        assertEquals("articulos/" + sixtyFourAccented + "/futbol", Topics.forArticle(sixtyFourAccented, "futbol"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topics.forArticle("a".repeat(65), "futbol"));
        assertTrue(e.getMessage().endsWith("is longer than 64 characters"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"articulos/+/futbol", "articulos/#", "#", "+", "articulos/marca/futbol", "+/+/+", "articulos/+/#", "a//b"})
    void acceptsValidFilters(String filter) {
        assertEquals(filter, Topics.checkFilter(filter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"articulos/#/futbol", "articulos/fut#", "articulos/+futbol", "articulos/mar+ca/futbol", "#/x"})
    void rejectsMisplacedWildcards(String filter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter(filter));
        assertTrue(e.getMessage().startsWith("topic filter '" + filter + "' is invalid"), e.getMessage());
    }

    @Test
    void rejectsEmptyAndNulFilters() {
        assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter(""));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter(null));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter("a\u0000b"));
    }
}
