package io.securemqtt.subscriber;

import io.securemqtt.common.article.Article;

/**
 * What to do with each article received. Called on Paho's callback thread, one article at a time:
 * a slow handler delays the next article, and the broker's acknowledgement waits for it to return.
 */
@FunctionalInterface
public interface ArticleHandler {

    /**
     * @param topic   the topic it arrived on, e.g. {@code articulos/marca/futbol}
     * @param article the decoded article, seen for the first time
     */
    void onArticle(String topic, Article article);
}
