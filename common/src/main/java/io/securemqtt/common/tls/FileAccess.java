package io.securemqtt.common.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** File ownership facts for permission messages; Unix-only, with a plain fallback elsewhere. */
public final class FileAccess {

    private FileAccess() {
    }

    public static String currentUser() {
        String name = System.getProperty("user.name", "?");
        try {
            // /proc/self belongs to the uid this process runs as.
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return "uid " + uid + " (user '" + name + "')";
        } catch (IOException | RuntimeException e) {
            return "user '" + name + "'";
        }
    }

    public static String describeOwnership(Path file) {
        try {
            Map<String, Object> attributes = Files.readAttributes(file, "unix:uid,gid,mode");
            int mode = (Integer) attributes.get("mode");
            return "owned by uid " + attributes.get("uid") + ", gid " + attributes.get("gid")
                    + ", mode " + String.format("%04o", mode & 07777);
        } catch (IOException | RuntimeException e) {
            return "of unknown owner and mode";
        }
    }
}
