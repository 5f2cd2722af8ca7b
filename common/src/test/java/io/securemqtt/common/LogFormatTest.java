package io.securemqtt.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class LogFormatTest {

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("io.securemqtt.publisher.ArticlePublisher");
        record.setInstant(Instant.parse("2026-11-23T16:43:44.700Z"));
        record.setThrown(thrown);
        return record;
    }

    @Test
    void textIsTheLineTheSimpleLoggerWrote() {
        String line = LogFormat.TEXT.format(record(Level.INFO, "article published: topic=articulos/as/futbol id=42", null));
        assertEquals("2026-11-23T16:43:44.700+0000 INFO ArticlePublisher - article published: topic=articulos/as/futbol id=42"
                + System.lineSeparator(), line);
    }

    @Test
    void jsonIsOneObjectPerLineWithTheSameFields() throws Exception {
        String line = LogFormat.JSON.format(record(Level.WARNING, "invalid article ignored: topic=a/\"b\"\nnext", null));
        assertEquals(1, line.lines().count(), line);
        JsonNode event = new ObjectMapper().readTree(line);
        assertEquals("2026-11-23T16:43:44.700Z", event.get("time").asText());
        assertEquals("WARN", event.get("level").asText());
        assertEquals("ArticlePublisher", event.get("logger").asText());
        assertEquals("invalid article ignored: topic=a/\"b\"\nnext", event.get("message").asText());
    }

    @Test
    void jsonKeepsTheExceptionInsideTheObject() throws Exception {
        String line = LogFormat.JSON.format(record(Level.SEVERE, "failed", new IllegalStateException("boom")));
        assertEquals(1, line.lines().count(), line);
        JsonNode event = new ObjectMapper().readTree(line);
        assertEquals("ERROR", event.get("level").asText());
        assertTrue(event.get("exception").asText().startsWith("java.lang.IllegalStateException: boom"));
    }

    @Test
    void formatComesFromLogFormatAndDefaultsToText() {
        assertEquals(LogFormat.TEXT, LogFormat.fromEnvironment(new Environment(Map.of())));
        assertEquals(LogFormat.JSON, LogFormat.fromEnvironment(new Environment(Map.of("LOG_FORMAT", "JSON"))));
        ConfigException e = assertThrows(ConfigException.class,
                () -> LogFormat.fromEnvironment(new Environment(Map.of("LOG_FORMAT", "xml"))));
        assertEquals("LOG_FORMAT", e.variable());
        assertTrue(e.getMessage().contains("use text or json"), e.getMessage());
    }
}
