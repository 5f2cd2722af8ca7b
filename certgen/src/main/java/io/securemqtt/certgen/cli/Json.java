package io.securemqtt.certgen.cli;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for {@code inspect --json}: maps (in their own order), lists, strings, whole
 * numbers, booleans, null and instants (as ISO-8601 UTC strings), indented two spaces. Hand-written
 * so that the runnable jar needs no JSON library for one output format.
 *
 * <p>Everything outside printable ASCII is escaped as {@code \}{@code uXXXX}: the output is then
 * the same bytes whatever the console's encoding, and a certificate's name cannot break a line.
 */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, "", out);
        return out.toString();
    }

    private static void write(Object value, String indent, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Instant instant) {
            string(instant.toString(), out);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            String inner = indent + "  ";
            out.append("{\n");
            String separator = "";
            for (var entry : map.entrySet()) {
                out.append(separator).append(inner);
                string((String) entry.getKey(), out);
                out.append(": ");
                write(entry.getValue(), inner, out);
                separator = ",\n";
            }
            out.append('\n').append(indent).append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            String inner = indent + "  ";
            out.append("[\n");
            String separator = "";
            for (Object element : list) {
                out.append(separator).append(inner);
                write(element, inner, out);
                separator = ",\n";
            }
            out.append('\n').append(indent).append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c)); // a surrogate pair becomes two escapes, as JSON wants
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
