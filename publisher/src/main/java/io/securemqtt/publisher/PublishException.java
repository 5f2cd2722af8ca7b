package io.securemqtt.publisher;

import java.util.OptionalInt;

import io.securemqtt.common.mqtt.ReasonCodes;

/**
 * An article was not delivered to the broker. The message names the topic and the article id, and
 * the broker's reason code if the broker refused it.
 */
public final class PublishException extends RuntimeException {

    private final String topic;
    private final String articleId;
    /** The PUBACK's failure reason code, or -1 if the broker never answered or Paho could not read its answer. */
    private final int reasonCode;

    PublishException(String topic, String articleId, String reason, Throwable cause) {
        this("article not published: topic=" + topic + " id=" + articleId + ": " + reason, topic, articleId, -1, cause);
    }

    private PublishException(String message, String topic, String articleId, int reasonCode, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.articleId = articleId;
        this.reasonCode = reasonCode;
    }

    /** The broker answered with a PUBACK carrying {@code reasonCode} (0x80 or above). */
    static PublishException refused(String topic, String articleId, int reasonCode, String hint) {
        return new PublishException(refusal(topic, articleId, ReasonCodes.describe(reasonCode) + hint), topic, articleId, reasonCode, null);
    }

    /** The broker refused the article, but Paho could not read how: {@code reason} says what is known. */
    static PublishException refused(String topic, String articleId, String reason, Throwable cause) {
        return new PublishException(refusal(topic, articleId, reason), topic, articleId, -1, cause);
    }

    private static String refusal(String topic, String articleId, String reason) {
        return "article refused by broker: topic=" + topic + " id=" + articleId + " reason=" + reason;
    }

    /** The PUBACK's failure reason code, e.g. 0x87 (not authorized), if the broker refused the article with one Paho could read. */
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
