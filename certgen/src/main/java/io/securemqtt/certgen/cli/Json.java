package io.securemqtt.certgen.cli;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

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
            container('{', map.entrySet(), '}', indent, out, (entry, inner) -> {
                string((String) entry.getKey(), out);
                out.append(": ");
                write(entry.getValue(), inner, out);
            });
        } else if (value instanceof List<?> list) {
            container('[', list, ']', indent, out, (element, inner) -> write(element, inner, out));
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    /** An object or an array: {@code {}} or {@code []} when empty, else one member a line, one step deeper. */
    private static <T> void container(char open, Collection<T> members, char close, String indent, StringBuilder out,
            BiConsumer<T, String> member) {
        if (members.isEmpty()) {
            out.append(open).append(close);
            return;
        }
        String inner = indent + "  ";
        out.append(open).append('\n');
        String separator = "";
        for (T each : members) {
            out.append(separator).append(inner);
            member.accept(each, inner);
            separator = ",\n";
        }
        out.append('\n').append(indent).append(close);
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
