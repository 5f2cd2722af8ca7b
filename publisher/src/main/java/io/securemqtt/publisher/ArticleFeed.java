package io.securemqtt.publisher;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

import io.securemqtt.common.article.Article;

/**
 * Turns the catalogue into an endless stream of fresh articles: entries in catalogue order, round
 * and round, each with a new id and the current time. Round-robin rather than random, so that a
 * reader of the logs can predict what comes next.
 */
final class ArticleFeed {

    private final Catalogue catalogue;
    private final Clock clock;
    private final Supplier<String> ids;
    private int next;

    ArticleFeed(Catalogue catalogue, Clock clock, Supplier<String> ids) {
        this.catalogue = catalogue;
        this.clock = clock;
        this.ids = ids;
    }

    static ArticleFeed of(Catalogue catalogue) {
        return new ArticleFeed(catalogue, Clock.systemUTC(), () -> UUID.randomUUID().toString());
    }

    synchronized Article next() {
        CatalogueEntry entry = catalogue.entries().get(next);
        next = (next + 1) % catalogue.size();
        return entry.toArticle(ids.get(), clock.instant());
    }
}
