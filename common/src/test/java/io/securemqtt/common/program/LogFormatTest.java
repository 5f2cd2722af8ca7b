package io.securemqtt.common.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;

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

    /** ESC, BEL, a C0 line break, DEL, NEL and CSI (C1), and the Unicode line and paragraph separators. */
    private static final String HOSTILE = "a\u001b[31mred\u0007\r\nforged line\u007f\u0085\u009b2J\u2028\u2029\tz";
    private static final String HOSTILE_ESCAPED = "a\\u001b[31mred\\u0007\\r\\nforged line\\u007f\\u0085\\u009b2J\\u2028\\u2029\\tz";

    /** True if {@code text} has a character a terminal could act on, other than the line's own ending. */
    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029);
    }

    @Test
    void textEscapesEveryControlCharacterAndKeepsOneLine() {
        String line = LogFormat.TEXT.format(record(Level.INFO, "article received: title=\"" + HOSTILE + "\"", null));
        assertEquals("2026-11-23T16:43:44.700+0000 INFO ArticlePublisher - article received: title=\"" + HOSTILE_ESCAPED + "\""
                + System.lineSeparator(), line);
        assertFalse(hasControl(line.strip()), line);
    }

    @Test
    void printableTextIsLeftAlone() {
        String text = "Título «¡olé!» C:\\ruta \\\"citado\\\" 😀 €";
        assertSame(text, LogFormat.escapeControls(text));
    }

    @Test
    void textStackTraceKeepsItsLinesButEscapesEachMessage() {
        IllegalStateException cause = new IllegalStateException("cause\n\tat forged.Frame(Forged.java:1)\u001b[2J");
        RuntimeException thrown = new RuntimeException("outer\u2028message", cause);
        thrown.addSuppressed(new IllegalArgumentException("suppressed\u0085"));
        String text = LogFormat.TEXT.format(record(Level.SEVERE, "failed", thrown));
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).endsWith("ERROR ArticlePublisher - failed"), lines.get(0));
        assertEquals("java.lang.RuntimeException: outer\\u2028message", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat io.securemqtt.common.program.LogFormatTest."), lines.get(2));
        assertTrue(lines.contains("\tSuppressed: java.lang.IllegalArgumentException: suppressed\\u0085"), text);
        assertTrue(lines.contains("Caused by: java.lang.IllegalStateException: cause\\n\\tat forged.Frame(Forged.java:1)\\u001b[2J"), text);
        assertTrue(lines.stream().noneMatch(line -> line.contains("forged.Frame") && line.startsWith("\tat")), text);
        assertTrue(lines.stream().anyMatch(line -> line.matches("\t\\.\\.\\. \\d+ more")), "shared frames are counted: " + text);
        assertFalse(hasControl(text.replace("\t", "").replace(System.lineSeparator(), "\n")), text);
        // Every frame the JDK would print, in the same order, but the one the JDK lets the message forge.
        java.io.StringWriter jdk = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(jdk));
        assertTrue(jdk.toString().contains("\n\tat forged.Frame(Forged.java:1)"), "the JDK's own trace is forgeable");
        assertEquals(jdk.toString().lines().filter(line -> line.startsWith("\tat ") || line.startsWith("\t\tat "))
                        .filter(line -> !line.contains("forged.Frame")).toList(),
                lines.stream().filter(line -> line.startsWith("\tat ") || line.startsWith("\t\tat ")).toList());
    }

    @Test
    void aCircularCauseEndsTheTrace() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second", first);
        first.initCause(second);
        String text = LogFormat.TEXT.format(record(Level.SEVERE, "failed", first));
        assertTrue(text.contains("Caused by: [CIRCULAR REFERENCE: java.lang.IllegalStateException: first]"), text);
    }

    @Test
    void jsonAlsoEscapesDelC1AndTheUnicodeSeparators() throws Exception {
        String line = LogFormat.JSON.format(record(Level.WARNING, HOSTILE, new IllegalStateException("boom\u009b\n")));
        assertEquals(1, line.lines().count(), line);
        assertFalse(hasControl(line.strip()), line);
        assertTrue(line.contains("\\u007F") || line.contains("\\u007f"), line);
        assertTrue(line.contains("\\u0085") && line.contains("\\u009b") && line.contains("\\u2028") && line.contains("\\u2029"), line);
        JsonNode event = new ObjectMapper().readTree(line);
        assertEquals(HOSTILE, event.get("message").asText(), "JSON escapes are exact: a reader gets the message back");
        assertTrue(event.get("exception").asText().startsWith("java.lang.IllegalStateException: boom\\u009b\\n"
                + System.lineSeparator() + "\tat "), event.get("exception").asText());
    }
}
