package io.securemqtt.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An article's JSON payload with exactly the field values given, however long or hostile, written
 * (and escaped) as any JSON encoder would: what a client other than our publisher may send.
 */
public final class ArticleJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArticleJson() {
    }

    /** The payload's UTF-8 bytes, its fields in this order. */
    public static byte[] payload(String id, String newspaper, String section, String title, String body, String publishedAt) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("newspaper", newspaper);
        fields.put("section", section);
        fields.put("title", title);
        fields.put("body", body);
        fields.put("publishedAt", publishedAt);
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
