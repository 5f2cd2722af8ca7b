package io.securemqtt.subscriber.page;

import java.time.Instant;

import io.securemqtt.common.article.Article;

/**
 * What the article page shows of one article: the JSON {@code data} of its Server-Sent Event,
 * e.g. {@code {"number":7,"id":"6f1c…","newspaper":"marca","section":"futbol","title":"…",
 * "publishedAt":"2025-05-04T18:30:00Z","receivedAt":"2025-05-04T18:30:00.215Z"}}. No body: the page
 * lists headlines, and an article's body may be large.
 *
 * @param number      how many articles the subscriber had received since it started, this one included
 * @param publishedAt ISO-8601, as the publisher stamped it
 * @param receivedAt  ISO-8601, when the subscriber handed it to the page
 */
record PageArticle(long number, String id, String newspaper, String section, String title, String publishedAt,
        String receivedAt) {

    static PageArticle of(long number, Article article, Instant receivedAt) {
        return new PageArticle(number, article.id(), article.newspaper(), article.section(), article.title(),
                article.publishedAt().toString(), receivedAt.toString());
    }
}
