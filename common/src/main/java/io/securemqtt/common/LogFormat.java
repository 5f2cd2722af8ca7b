package io.securemqtt.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How the publisher and subscriber write their log: {@code LOG_FORMAT=text} (the default), one
 * readable line per event, or {@code LOG_FORMAT=json}, one JSON object per line for log shippers.
 *
 * <p>Both go to standard output, through java.util.logging, which SLF4J's JDK binding feeds (and
 * which Paho uses directly, so its warnings come out in the same format).
 *
 * <pre>
 * 2026-11-23T16:43:44.700+0000 INFO ArticlePublisher - article published: topic=articulos/as/futbol id=...
 * {"time":"2026-11-23T16:43:44.700Z","level":"INFO","logger":"ArticlePublisher","message":"article published: topic=articulos/as/futbol id=..."}
 * </pre>
 */
public enum LogFormat {

    TEXT(new TextLine()),
    JSON(new JsonLine());

    public static final String VARIABLE = "LOG_FORMAT";

    private final Formatter formatter;

    LogFormat(Formatter formatter) {
        this.formatter = formatter;
    }

    /**
     * @throws ConfigException naming {@code LOG_FORMAT} if it is neither {@code text} nor {@code json}
     */
    public static LogFormat fromEnvironment(Environment env) {
        String value = env.string(VARIABLE, "text").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new ConfigException(VARIABLE, VARIABLE + "='" + value + "' is not a log format; use text or json");
        };
    }

    /** Sends every log record of this JVM to standard output in this format, one line each. */
    public void install() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new StandardOutput(formatter));
        root.setLevel(Level.INFO);
        // Paho logs its internals at FINE and below; its warnings still come through.
        Logger.getLogger("org.eclipse.paho").setLevel(Level.WARNING);
    }

    /** Formats one record as this format would, for tests and for whoever embeds the clients. */
    public String format(LogRecord record) {
        return formatter.format(record);
    }

    /**
     * Writes each record as one line to standard output, flushed at once. The stream is looked up
     * for every line, not kept: whoever replaces {@code System.out} (a test) gets the lines.
     */
    private static final class StandardOutput extends Handler {
        StandardOutput(Formatter formatter) {
            setFormatter(formatter);
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (isLoggable(record)) {
                System.out.print(getFormatter().format(record));
                System.out.flush();
            }
        }

        @Override
        public void flush() {
            System.out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** The line SLF4J's simple logger used to write, so that nothing reading the logs changes. */
    private static final class TextLine extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
                .withZone(ZoneOffset.UTC);

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(TIME.format(record.getInstant())).append(' ')
                    .append(level(record)).append(' ')
                    .append(shortName(record.getLoggerName())).append(" - ")
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                line.append(stackTrace(record.getThrown()));
            }
            return line.toString();
        }
    }

    private static final class JsonLine extends Formatter {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public String format(LogRecord record) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
            event.put("level", level(record));
            event.put("logger", shortName(record.getLoggerName()));
            event.put("message", formatMessage(record));
            event.put("thread", Thread.currentThread().getName());
            if (record.getThrown() != null) {
                event.put("exception", stackTrace(record.getThrown()));
            }
            try {
                return JSON.writeValueAsString(event) + System.lineSeparator();
            } catch (JsonProcessingException e) { // strings and numbers only: cannot happen
                throw new IllegalStateException(e);
            }
        }
    }

    /** SLF4J's names for java.util.logging's levels, as the binding maps them. */
    private static String level(LogRecord record) {
        int level = record.getLevel().intValue();
        if (level >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (level >= Level.INFO.intValue()) {
            return "INFO";
        }
        return level >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    private static String shortName(String loggerName) {
        if (loggerName == null) {
            return "";
        }
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
