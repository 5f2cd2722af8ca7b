package io.securemqtt.publisher;

/**
 * An article was not delivered to the broker. The message names the topic and the article id.
 */
public final class PublishException extends RuntimeException {

    private final String topic;
    private final String articleId;

    PublishException(String topic, String articleId, String reason, Throwable cause) {
        super("article not published: topic=" + topic + " id=" + articleId + ": " + reason, cause);
        this.topic = topic;
        this.articleId = articleId;
    }

    public String topic() {
        return topic;
    }

    public String articleId() {
        return articleId;
    }
}
