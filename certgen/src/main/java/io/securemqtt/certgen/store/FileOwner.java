package io.securemqtt.certgen.store;

import java.util.OptionalInt;

/**
 * A numeric owner for an identity's files ({@code --owner NAME=UID[:GID]}). Numeric, because the
 * reader is a container user (the broker is uid 1883) that need not exist where certgen runs.
 *
 * @param uid the owning user id
 * @param gid the owning group id, if one was given (otherwise the group is left alone)
 */
public record FileOwner(int uid, OptionalInt gid) {

    public FileOwner {
        if (uid < 0 || gid.isPresent() && gid.getAsInt() < 0) {
            throw new IllegalArgumentException("user and group ids cannot be negative");
        }
    }

    /** Parses {@code UID} or {@code UID:GID}, both non-negative whole numbers. */
    public static FileOwner parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("\"" + text + "\" is not UID or UID:GID");
        }
        int uid = id(parts[0], "user");
        return new FileOwner(uid, parts.length == 2 ? OptionalInt.of(id(parts[1], "group")) : OptionalInt.empty());
    }

    private static int id(String text, String what) {
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("\"" + text + "\" is not a numeric " + what + " id");
        }
        return Integer.parseInt(text);
    }

    @Override
    public String toString() {
        return gid.isPresent() ? uid + ":" + gid.getAsInt() : Integer.toString(uid);
    }
}
