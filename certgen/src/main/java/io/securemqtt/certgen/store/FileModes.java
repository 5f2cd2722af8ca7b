package io.securemqtt.certgen.store;

import io.securemqtt.certgen.CertgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The modes certgen gives its files and directories, and their restoration. */
public final class FileModes {

    /** Private keys and other secrets: readable by their owner only. */
    public static final Set<PosixFilePermission> KEY = PosixFilePermissions.fromString("rw-------");
    /** Certificates, CRLs and the ledger are public. */
    public static final Set<PosixFilePermission> CERTIFICATE = PosixFilePermissions.fromString("rw-r--r--");
    /** The PKI directory. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    /** The directory of the CA's key. */
    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private FileModes() {
    }

    /**
     * Gives the file the mode, should someone have changed it (a link is never followed).
     *
     * @return whether the mode was changed
     */
    public static boolean restore(Path file, Set<PosixFilePermission> mode) {
        try {
            if (Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
                return false;
            }
            Files.setPosixFilePermissions(file, mode);
            return true;
        } catch (IOException e) {
            throw new CertgenException("cannot set the mode of " + file + " to "
                    + PosixFilePermissions.toString(mode) + " (" + FileErrors.reason(e) + "): fix it by hand", e);
        }
    }
}
