package io.securemqtt.common;

import java.time.Instant;
import java.util.Objects;

/**
 * A newspaper article as it travels over MQTT.
 *
 * @param id          unique id, used by subscribers to drop QoS 1 redeliveries
 * @param newspaper   newspaper slug, e.g. {@code marca}; a topic level
 * @param section     section slug, e.g. {@code futbol}; a topic level
 * @param title       headline
 * @param body        text, may be empty
 * @param publishedAt when it was published
 */
public record Article(String id, String newspaper, String section, String title, String body, Instant publishedAt) {

    public Article {
        requireText("id", id);
        Topics.checkLevel("newspaper", newspaper);
        Topics.checkLevel("section", section);
        requireText("title", title);
        Objects.requireNonNull(body, "body must not be null (use an empty string)");
        Objects.requireNonNull(publishedAt, "publishedAt must not be null");
    }

    /** The topic it is published to, e.g. {@code articulos/marca/futbol}. */
    public String topic() {
        return Topics.forArticle(newspaper, section);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }
}
