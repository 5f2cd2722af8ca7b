package io.securemqtt.publisher;

import java.time.Instant;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.Topics;

/**
 * An article waiting to be published: everything but its id and publication time.
 */
public record CatalogueEntry(String newspaper, String section, String title, String body) {

    public CatalogueEntry {
        Topics.checkLevel("newspaper", newspaper);
        Topics.checkLevel("section", section);
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title is empty");
        }
        if (body == null) {
            throw new IllegalArgumentException("body is missing");
        }
    }

    public Article toArticle(String id, Instant publishedAt) {
        return new Article(id, newspaper, section, title, body, publishedAt);
    }
}
