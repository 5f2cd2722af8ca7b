package io.securemqtt.common.program;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;

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
 *
 * <p>Log lines carry values from the network (topics, titles, ids, exception messages), so neither
 * format lets a control character through to whoever tails the log in a terminal: every C0 control
 * (ESC included), DEL, every C1 control (U+0080 to U+009F) and the line and paragraph separators
 * U+2028 and U+2029 are written as escapes ({@code \n}, {@code \r}, {@code \t}, otherwise a
 * backslash, {@code u} and four hex digits). In text, a line break inside a message therefore never
 * starts a new line, and a stack trace keeps its own lines but escapes each exception's message.
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
                    .append(escapeControls(formatMessage(record))).append(System.lineSeparator());
            if (record.getThrown() != null) {
                line.append(stackTrace(record.getThrown()));
            }
            return line.toString();
        }
    }

    private static final class JsonLine extends Formatter {
        private static final ObjectMapper JSON = new ObjectMapper();

        static {
            JSON.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
        }

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

    /**
     * JSON already escapes C0 controls; these escapes add DEL, the C1 controls and U+2028/U+2029,
     * which JSON allows raw but a terminal (C1) or a JavaScript reader (U+2028/9) would act on.
     */
    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            ascii[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return needsEscape((char) ch) ? new SerializedString(unicodeEscape((char) ch)) : null;
        }
    }

    /**
     * {@code text} with every C0 control, DEL, C1 control, U+2028 and U+2029 escaped, so that it stays
     * on one line and cannot drive a terminal. Backslashes are left alone: escaping them too would
     * change every existing line that quotes a path or an escaped title.
     */
    static String escapeControls(String text) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text; // the usual case: nothing to copy
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        escaped.append(unicodeEscape(c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    private static String unicodeEscape(char c) {
        return String.format("\\u%04x", (int) c);
    }

    /**
     * As {@link Throwable#printStackTrace()} prints it (causes, suppressed exceptions, "... n more"),
     * except that each exception's line is escaped: a message with a line break in it can neither
     * break the trace's structure nor forge frames.
     */
    static String stackTrace(Throwable thrown) {
        StringBuilder trace = new StringBuilder();
        appendTrace(trace, thrown, new StackTraceElement[0], "", "", Collections.newSetFromMap(new IdentityHashMap<>()));
        return trace.toString();
    }

    private static void appendTrace(StringBuilder out, Throwable thrown, StackTraceElement[] enclosing, String caption,
            String prefix, Set<Throwable> seen) {
        String nl = System.lineSeparator();
        if (!seen.add(thrown)) {
            out.append(prefix).append(caption).append("[CIRCULAR REFERENCE: ").append(escapeControls(String.valueOf(thrown)))
                    .append(']').append(nl);
            return;
        }
        StackTraceElement[] frames = thrown.getStackTrace();
        // Frames shared with the enclosing trace are counted, not repeated, as the JDK does.
        int last = frames.length - 1;
        int enclosingLast = enclosing.length - 1;
        while (last >= 0 && enclosingLast >= 0 && frames[last].equals(enclosing[enclosingLast])) {
            last--;
            enclosingLast--;
        }
        out.append(prefix).append(caption).append(escapeControls(String.valueOf(thrown))).append(nl);
        for (int i = 0; i <= last; i++) {
            out.append(prefix).append("\tat ").append(escapeControls(frames[i].toString())).append(nl);
        }
        int inCommon = frames.length - 1 - last;
        if (inCommon != 0) {
            out.append(prefix).append("\t... ").append(inCommon).append(" more").append(nl);
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            appendTrace(out, suppressed, frames, "Suppressed: ", prefix + "\t", seen);
        }
        if (thrown.getCause() != null) {
            appendTrace(out, thrown.getCause(), frames, "Caused by: ", prefix, seen);
        }
    }
}
