package io.securemqtt.certgen.pki;

import java.util.Locale;
import java.util.Set;

/**
 * A client identity: the certificate's common name, which the broker takes as the MQTT user name
 * ({@code use_identity_as_username}), and the stem of its files ({@code NAME.crt}, {@code NAME.key}).
 *
 * <p>Construction refuses names that would be dangerous in either role, with the reason.
 *
 * @param name the common name, exactly as it goes into the certificate
 */
public record Identity(String name) {

    /** RFC 5280, appendix A: ub-common-name. */
    public static final int MAX_LENGTH = 64;

    /** File stems certgen uses for itself (compared ignoring case: some file systems do). */
    private static final Set<String> RESERVED = Set.of("server", "ca");

    public Identity {
        String problem = problemWith(name);
        if (problem != null) {
            throw new IllegalArgumentException("client identity " + quote(name) + " " + problem);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Whether {@code name} would be accepted as an identity. */
    static boolean isValid(String name) {
        return problemWith(name) == null;
    }

    private static String problemWith(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty: an identity needs at least one character";
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            return "is " + length + " characters long: RFC 5280 limits a common name to " + MAX_LENGTH;
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (c == '+' || c == '#') {
                return "contains '" + (char) c + "', an MQTT topic wildcard: as the MQTT user name"
                        + " (use_identity_as_username) it would widen the broker's pattern ACLs (%u)";
            }
            if (c == '/') {
                return "contains '/', the MQTT topic level separator: as the MQTT user name it would"
                        + " defeat the broker's pattern ACLs (%u), and it cannot be part of a file name";
            }
            if (c == '\\') {
                return "contains '\\', a path separator on some systems: it must work as a file name";
            }
            if (!isPrintable(c)) {
                return String.format("contains the non-printable character U+%04X: it would be"
                        + " invisible in logs and ACLs", c);
            }
        }
        if (name.startsWith(".")) {
            return "starts with '.': its files would be hidden (and '..' names the parent directory)";
        }
        if (name.startsWith(" ") || name.endsWith(" ")) {
            return "starts or ends with a space: it would be indistinguishable from the name without it";
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return "is reserved: certgen writes " + name.toLowerCase(Locale.ROOT) + ".crt for its own use";
        }
        return null;
    }

    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        if (Character.isISOControl(c) || Character.isSpaceChar(c) || Character.isWhitespace(c)) {
            return false;
        }
        int type = Character.getType(c);
        return type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE;
    }

    /** A name quoted for a message, non-printable characters written as {@code \}{@code uXXXX}. */
    public static String quote(String name) {
        if (name == null) {
            return "\"\"";
        }
        StringBuilder quoted = new StringBuilder("\"");
        name.codePoints().forEach(c -> {
            if (!isPrintable(c)) {
                quoted.append(String.format("\\u%04X", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }
}
