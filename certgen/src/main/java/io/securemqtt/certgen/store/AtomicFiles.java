package io.securemqtt.certgen.store;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import io.securemqtt.certgen.CertgenException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Every file certgen writes, written atomically: the content goes to a temporary file in the same
 * directory, which already has its final mode, and is then renamed over the target. A reader (or a
 * crash) never sees a half-written file, and a secret is never readable by others, not even for a
 * moment.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes (or replaces) the file with the content and mode; fails, naming the file, if it cannot. */
    public static void write(Path file, byte[] content, Set<PosixFilePermission> mode) {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(mode));
            Files.setPosixFilePermissions(temp, mode); // the umask may have removed bits at creation
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // on disk before the rename publishes it: no empty file after a crash
            }
            Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CertgenException("cannot write " + file + " (" + FileErrors.reason(e) + "): " + directory
                    + " must be a writable directory on a local file system", e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The write already failed; that error is the one to report.
            }
        }
    }
}
