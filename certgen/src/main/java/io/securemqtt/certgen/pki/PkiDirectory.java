package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.store.FileErrors;
import io.securemqtt.certgen.store.FileModes;
import io.securemqtt.certgen.store.FileOwner;
import io.securemqtt.certgen.store.PemFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the PKI lives on disk:
 * <pre>
 * DIR/ca.crt               the CA certificate, which every peer trusts     0644
 * DIR/private/ca.key       the CA's private key: keep it secret, back it up 0600 (directory 0700)
 * DIR/server.crt, .key     the broker's certificate and key                0644, 0600
 * DIR/NAME.crt, NAME.key   each client identity's certificate and key      0644, 0600
 * DIR/NAME.clientid        each client identity's secret client id suffix  0600
 * DIR/NAME.csr             the request NAME.crt was signed from, for a device 0644
 *                          that holds its own key (then there is no NAME.key)
 * DIR/crl.pem              the CA's list of revoked certificates            0644
 * DIR/revoked/NAME-SERIAL.crt  a copy of each revoked certificate          0644
 * DIR/ledger.tsv           every certificate issued, revocation and CRL number, appended 0644
 * DIR/NAME.p12, .p12.pass  optional PKCS#12 key store and its password    0600, 0600
 * DIR/.certgen.lock       empty: two certgen runs on DIR take turns on it  (umask)
 * </pre>
 * It only knows names and modes; what to write, and when, is {@link PkiGenerator}'s business.
 */
public final class PkiDirectory {

    /** The file stem of the broker's certificate and key. */
    public static final String SERVER = "server";

    private final Path root;

    public PkiDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path caCertificate() {
        return root.resolve("ca.crt");
    }

    public Path caKey() {
        return privateDirectory().resolve("ca.key");
    }

    public Path certificate(String stem) {
        return root.resolve(stem + ".crt");
    }

    public Path key(String stem) {
        return root.resolve(stem + ".key");
    }

    /** A client identity's secret client id suffix ({@link ClientIdSuffix}), beside its key. */
    public Path clientIdSuffix(String stem) {
        return root.resolve(stem + ".clientid");
    }

    /** The certificate signing request a device's certificate is signed from ({@code certgen sign}). */
    public Path signingRequest(String stem) {
        return root.resolve(stem + ".csr");
    }

    /**
     * Whether the identity holds its own key: its certificate is signed from {@code NAME.csr}, and
     * certgen has no {@code NAME.key} (a key beside the request would be the one certgen made).
     */
    boolean enrolled(String stem) {
        return Files.exists(signingRequest(stem), LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(key(stem), LinkOption.NOFOLLOW_LINKS);
    }

    public Path crl() {
        return root.resolve("crl.pem");
    }

    /** The CA's record of what it issued and revoked ({@link Ledger}). */
    Path ledger() {
        return root.resolve(Ledger.FILE_NAME);
    }

    Path revokedDirectory() {
        return root.resolve("revoked");
    }

    public Path pkcs12(String stem) {
        return root.resolve(stem + ".p12");
    }

    public Path pkcs12Password(String stem) {
        return root.resolve(stem + ".p12.pass");
    }

    /**
     * The client identities that have a certificate here: every {@code NAME.crt} but the CA's and
     * the server's, whose NAME certgen would accept as an identity.
     */
    List<Identity> clientsOnDisk() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var files = Files.list(root)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".crt") && !name.equals("ca.crt") && !name.equals(SERVER + ".crt"))
                    .map(name -> name.substring(0, name.length() - ".crt".length()))
                    .sorted()
                    .filter(Identity::isValid)
                    .map(Identity::new)
                    .toList();
        } catch (IOException e) {
            throw new CertgenException("cannot list " + root + " (" + FileErrors.reason(e) + ")", e);
        }
    }

    Path privateDirectory() {
        return root.resolve("private");
    }

    /** A path as messages show it: relative to the directory, e.g. {@code private/ca.key}. */
    String name(Path file) {
        return root.relativize(file).toString();
    }

    public CertificateAuthority loadCertificateAuthority() {
        return CertificateAuthority.load(caCertificate(), caKey());
    }

    /** Reads {@code STEM.crt} and {@code STEM.key}; fails, naming the file, if either is missing or unreadable. */
    public IssuedCertificate load(String stem) {
        return new IssuedCertificate(PemFiles.readCertificate(certificate(stem)), PemFiles.readPrivateKey(key(stem)));
    }

    /** Writes (or replaces) the CA's files, creating the directories as needed. */
    public void save(CertificateAuthority ca) {
        create();
        createPrivateDirectory();
        // Key first: after a crash in between, certgen finds a key without a certificate and stops,
        // rather than a certificate whose key is lost.
        PemFiles.writePrivateKey(caKey(), ca.privateKey());
        PemFiles.writeCertificate(caCertificate(), ca.certificate());
    }

    /** Writes (or replaces) {@code STEM.key} and {@code STEM.crt}, creating the directory as needed. */
    public void save(String stem, IssuedCertificate issued) {
        create();
        // Key first: a crash in between leaves a key that does not match the old certificate,
        // which the next run notices and re-issues.
        PemFiles.writePrivateKey(key(stem), issued.privateKey());
        PemFiles.writeCertificate(certificate(stem), issued.certificate());
    }

    /** A certgen run's turn on the directory, until closed. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /** The file two certgen runs on one directory take turns on; it holds nothing. */
    static final String LOCK_FILE = ".certgen.lock";

    /**
     * Waits until no other certgen run works on this directory, so that two runs (the Compose
     * renewer's round and a `--rotate`, say) never mix one's certificate with the other's key.
     * Closing it lets the next run in. Call {@link #create()} first.
     */
    Turn lock() {
        Path file = root.resolve(LOCK_FILE);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                channel.lock(); // waits for another process's turn; released when the channel closes
                return () -> {
                    try {
                        channel.close(); // releases the lock
                    } catch (IOException e) {
                        throw new CertgenException("cannot unlock " + file + " (" + FileErrors.reason(e) + ")", e);
                    }
                };
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new CertgenException("cannot lock " + file + " (" + FileErrors.reason(e) + "): "
                    + root + " must be a writable directory on a local file system", e);
        }
    }

    /** Creates the directory (mode 0755) unless it exists; fails, naming it, if it cannot hold the PKI. */
    void create() {
        if (!Files.isDirectory(root)) {
            if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new CertgenException(root + " exists but is not a directory: choose another --out");
            }
            try {
                Files.createDirectories(root);
                Files.setPosixFilePermissions(root, FileModes.DIRECTORY);
            } catch (IOException e) {
                throw new CertgenException("cannot create the output directory " + root + " ("
                        + FileErrors.reason(e) + "): choose another --out, or create it and make it writable", e);
            } catch (UnsupportedOperationException e) {
                throw notPosix(e);
            }
        }
        if (!Files.isWritable(root)) {
            throw new CertgenException("the output directory " + root + " is not writable: "
                    + "make it writable for this user, or choose another --out");
        }
        try {
            if (!Files.getFileStore(root).supportsFileAttributeView(PosixFileAttributeView.class)) {
                throw notPosix(null);
            }
        } catch (IOException e) {
            throw new CertgenException("cannot inspect the output directory " + root + " (" + FileErrors.reason(e) + ")", e);
        }
    }

    private CertgenException notPosix(Exception cause) {
        return new CertgenException(root + " is on a file system without POSIX permissions, so certgen"
                + " cannot make the keys private: choose an --out on a Linux or macOS file system", cause);
    }

    private void createPrivateDirectory() {
        Path directory = privateDirectory();
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(FileModes.PRIVATE_DIRECTORY));
            Files.setPosixFilePermissions(directory, FileModes.PRIVATE_DIRECTORY);
        } catch (IOException e) {
            throw new CertgenException("cannot create " + directory + " (" + FileErrors.reason(e)
                    + "): if a file of that name is in the way, move it", e);
        }
    }

    /**
     * Restores the mode certgen gives each of its files, should someone have changed it.
     *
     * @return the path of each file whose mode was changed
     */
    List<Path> restoreModes(Iterable<String> stems) {
        List<Path> changed = new ArrayList<>();
        restoreMode(privateDirectory(), FileModes.PRIVATE_DIRECTORY, changed);
        restoreMode(caKey(), FileModes.KEY, changed);
        restoreMode(caCertificate(), FileModes.CERTIFICATE, changed);
        for (String stem : stems) {
            if (!enrolled(stem)) { // a device that holds its own key has none here
                restoreMode(key(stem), FileModes.KEY, changed);
            }
            restoreMode(certificate(stem), FileModes.CERTIFICATE, changed);
            if (Files.exists(signingRequest(stem))) {
                restoreMode(signingRequest(stem), FileModes.CERTIFICATE, changed);
            }
            for (Path secret : List.of(clientIdSuffix(stem), pkcs12(stem), pkcs12Password(stem))) {
                if (Files.exists(secret)) {
                    restoreMode(secret, FileModes.KEY, changed);
                }
            }
        }
        return changed;
    }

    private static void restoreMode(Path file, Set<PosixFilePermission> mode, List<Path> changed) {
        if (FileModes.restore(file, mode)) {
            changed.add(file);
        }
    }

    /**
     * Gives {@code STEM.key}, {@code STEM.crt} (and the identity's other files) to a numeric user (and group), unless they already
     * belong to it.
     *
     * @return the files whose owner changed
     */
    List<Path> setOwner(String stem, FileOwner owner) {
        List<Path> changed = new ArrayList<>();
        List<Path> files = new ArrayList<>(enrolled(stem) ? List.of(certificate(stem)) : List.of(key(stem), certificate(stem)));
        files.addAll(List.of(clientIdSuffix(stem), pkcs12(stem), pkcs12Password(stem), signingRequest(stem)).stream()
                .filter(Files::exists).toList());
        for (Path file : files) {
            if (owner.applyTo(file)) {
                changed.add(file);
            }
        }
        return changed;
    }
}
