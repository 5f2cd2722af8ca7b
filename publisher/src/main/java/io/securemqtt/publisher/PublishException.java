package io.securemqtt.publisher;

import java.util.OptionalInt;

import io.securemqtt.common.ReasonCodes;

/**
 * An article was not delivered to the broker. The message names the topic and the article id, and
 * the broker's reason code if the broker refused it.
 */
public final class PublishException extends RuntimeException {

    private final String topic;
    private final String articleId;
    /** The PUBACK's failure reason code, or -1 if the broker never answered. */
    private final int reasonCode;

    PublishException(String topic, String articleId, String reason, Throwable cause) {
        super("article not published: topic=" + topic + " id=" + articleId + ": " + reason, cause);
        this.topic = topic;
        this.articleId = articleId;
        this.reasonCode = -1;
    }

    private PublishException(String topic, String articleId, int reasonCode, String hint) {
        super("article refused by broker: topic=" + topic + " id=" + articleId + " reason=" + ReasonCodes.describe(reasonCode) + hint);
        this.topic = topic;
        this.articleId = articleId;
        this.reasonCode = reasonCode;
    }

    /** The broker answered with a PUBACK carrying {@code reasonCode} (0x80 or above). */
    static PublishException refused(String topic, String articleId, int reasonCode, String hint) {
        return new PublishException(topic, articleId, reasonCode, hint);
    }

    /** The PUBACK's failure reason code, e.g. 0x95 (packet too large), if the broker refused the article. */
    public OptionalInt reasonCode() {
        return reasonCode < 0 ? OptionalInt.empty() : OptionalInt.of(reasonCode);
    }

    public String topic() {
        return topic;
    }

    public String articleId() {
        return articleId;
    }
}
