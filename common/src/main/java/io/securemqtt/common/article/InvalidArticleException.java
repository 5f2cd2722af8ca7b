package io.securemqtt.common.article;

/**
 * A payload is not an article. The message is a short reason fit for a log line, e.g.
 * {@code missing field 'title'}; it never contains the payload itself.
 */
public final class InvalidArticleException extends Exception {

    public InvalidArticleException(String reason) {
        super(reason);
    }

    public InvalidArticleException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
