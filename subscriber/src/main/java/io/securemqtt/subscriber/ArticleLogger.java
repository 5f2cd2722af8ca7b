package io.securemqtt.subscriber;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.article.Article;

/**
 * The default handler: one log line per article, e.g.
 * {@code football article received: topic=articulos/marca/futbol id=… newspaper=marca section=futbol title="…"}.
 * The Compose smoke test looks for the words "football article received".
 */
public final class ArticleLogger implements ArticleHandler {

    private static final Logger log = LoggerFactory.getLogger(ArticleLogger.class);

    static final String FOOTBALL_SECTION = "futbol";

    @Override
    public void onArticle(String topic, Article article) {
        log.info("{}", describe(topic, article));
    }

    static String describe(String topic, Article article) {
        String kind = FOOTBALL_SECTION.equals(article.section()) ? "football article" : "article";
        return kind + " received: topic=" + topic + " id=" + article.id() + " newspaper=" + article.newspaper()
                + " section=" + article.section() + " title=\"" + oneLine(article.title()) + "\"";
    }

    /** Keeps the log at one line per event, and the title's quotes apart from ours. */
    private static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n");
    }
}
