package io.securemqtt.certgen.store;

import io.securemqtt.certgen.CertgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Gives the file to this owner, unless it already belongs to it.
     *
     * @return whether its owner (or group) changed
     */
    public boolean applyTo(Path file) {
        try {
            boolean change = (int) Files.getAttribute(file, "unix:uid") != uid;
            if (change) {
                Files.setAttribute(file, "unix:uid", uid);
            }
            if (gid.isPresent() && (int) Files.getAttribute(file, "unix:gid") != gid.getAsInt()) {
                Files.setAttribute(file, "unix:gid", gid.getAsInt());
                change = true;
            }
            return change;
        } catch (IOException e) {
            throw new CertgenException("cannot give " + file + " to " + this + " (" + FileErrors.reason(e)
                    + "): only root can change a file's owner; run certgen as root, or leave out --owner", e);
        }
    }

    @Override
    public String toString() {
        return gid.isPresent() ? uid + ":" + gid.getAsInt() : Integer.toString(uid);
    }
}
