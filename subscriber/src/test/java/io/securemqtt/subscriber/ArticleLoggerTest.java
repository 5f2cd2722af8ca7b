package io.securemqtt.subscriber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.securemqtt.common.article.Article;

class ArticleLoggerTest {

    @Test
    void footballLineHasThePhraseTheSmokeTestLooksFor() {
        Article article = new Article("id-1", "marca", "futbol", "El Betis gana", "", Instant.EPOCH);
        assertEquals("football article received: topic=articulos/marca/futbol id=id-1 newspaper=marca section=futbol title=\"El Betis gana\"",
                ArticleLogger.describe("articulos/marca/futbol", article));
    }

    @Test
    void otherSectionsAreJustArticles() {
        Article article = new Article("id-2", "elpais", "politica", "Pleno", "", Instant.EPOCH);
        assertEquals("article received: topic=articulos/elpais/politica id=id-2 newspaper=elpais section=politica title=\"Pleno\"",
                ArticleLogger.describe("articulos/elpais/politica", article));
    }

    @Test
    void titleStaysOnOneLineAndInsideItsQuotes() {
        Article article = new Article("id-3", "as", "futbol", "Dice \"adiós\"\ny se va", "", Instant.EPOCH);
        assertEquals("football article received: topic=articulos/as/futbol id=id-3 newspaper=as section=futbol title=\"Dice \\\"adiós\\\"\\ny se va\"",
                ArticleLogger.describe("articulos/as/futbol", article));
    }
}
