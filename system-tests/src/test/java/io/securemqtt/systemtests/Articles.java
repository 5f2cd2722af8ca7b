package io.securemqtt.systemtests;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.securemqtt.common.article.Article;

/** Articles for tests, each with a fresh id. */
final class Articles {

    private Articles() {
    }

    static Article of(String newspaper, String section) {
        String id = UUID.randomUUID().toString();
        // Millisecond precision: what the JSON codec carries, so a round trip compares equal.
        return new Article(id, newspaper, section, "Titular " + id.substring(0, 8), "Cuerpo del artículo.",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    static Article football(String newspaper) {
        return of(newspaper, "futbol");
    }
}
