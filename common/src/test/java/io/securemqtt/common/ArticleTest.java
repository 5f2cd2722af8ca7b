package io.securemqtt.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ArticleTest {

    @Test
    void knowsItsTopic() {
        assertEquals("articulos/as/futbol", new Article("1", "as", "futbol", "t", "", Instant.EPOCH).topic());
    }

    @Test
    void validates() {
        assertThrows(IllegalArgumentException.class, () -> new Article(" ", "as", "futbol", "t", "", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new Article(null, "as", "futbol", "t", "", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "as", "futbol", "", "", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "a+s", "futbol", "t", "", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "as", "fut/bol", "t", "", Instant.EPOCH));
        assertThrows(NullPointerException.class, () -> new Article("1", "as", "futbol", "t", null, Instant.EPOCH));
        assertThrows(NullPointerException.class, () -> new Article("1", "as", "futbol", "t", "", null));
    }
}
