package io.securemqtt.common.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.tls.FileAccess;
import io.securemqtt.common.tls.TlsContexts;
import io.securemqtt.common.tls.TlsMaterialException;

/**
 * The client id a program uses when {@code MQTT_CLIENT_ID} is not set: {@code <program>-<suffix>},
 * and {@code -<replica>} after it for replicas that must not share a session.
 *
 * <p>Why a secret suffix: Mosquitto skips authentication plugins with {@code use_identity_as_username},
 * so nothing on the broker ties a client id to a certificate, and any holder of a valid certificate
 * who connects with our client id takes our session (DISCONNECT 0x8E): a subscriber then loses the
 * articles delivered meanwhile. certgen writes a random suffix for each client identity in
 * {@code NAME.clientid} beside {@code NAME.crt} (20 characters from {@code [a-z0-9]}, about 103 bits,
 * then a newline; mode 0600, delivered only with the key), so no other identity can guess our id.
 *
 * @param program e.g. {@code subscriber}
 * @param replica what tells this replica from the others of the same program (the container's host
 *                name), or empty when the program keeps one session for all its runs
 */
public record DefaultClientId(String program, Optional<String> replica) {

    /** Names the suffix file explicitly, when it is not {@code NAME.clientid} beside {@code MQTT_CERT_FILE}'s {@code NAME.crt}. */
    public static final String SUFFIX_FILE = "MQTT_CLIENT_ID_SUFFIX_FILE";
    static final String CERTIFICATE_EXTENSION = ".crt";
    static final String SUFFIX_EXTENSION = ".clientid";
    static final int SUFFIX_LENGTH = 20;

    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]{" + SUFFIX_LENGTH + "}\n?");
    /** Anything longer is no suffix file: read no more of it than this. */
    private static final int MAX_FILE_BYTES = 64;

    /** A program whose runs share one session, e.g. a single subscriber. */
    public static DefaultClientId of(String program) {
        return new DefaultClientId(program, Optional.empty());
    }

    /** One replica of several, each with a session of its own, e.g. a publisher in a scaled-out service. */
    public static DefaultClientId replica(String program, String replica) {
        return new DefaultClientId(program, Optional.of(replica));
    }

    /**
     * {@code <program>-<suffix>[-<replica>]}, the replica shortened from its start if the whole would
     * pass the 64 characters Mosquitto allows (the end of a host name is what differs between replicas).
     *
     * @param suffixFile the suffix file: {@code MQTT_CLIENT_ID_SUFFIX_FILE}, or empty for the one beside {@code certFile}
     * @throws ConfigException      naming {@code MQTT_CLIENT_ID} (or {@code MQTT_CLIENT_ID_SUFFIX_FILE} if set) and the
     *                              file when the file is missing, unreadable or not what certgen writes
     * @throws TlsMaterialException instead, if the certificate and key files cannot be used either
     */
    String resolve(Optional<Path> suffixFile, Path caFile, Path certFile, Path keyFile) {
        String suffix;
        try {
            Path file = suffixFile.orElseGet(() -> besideCertificate(certFile));
            suffix = readSuffix(file, suffixFile.isPresent() ? SUFFIX_FILE : MqttSettings.CLIENT_ID);
        } catch (ConfigException e) {
            // A certificate that is missing or wrong explains a missing suffix beside it better: say that first.
            TlsContexts.fromPem(caFile, certFile, keyFile, MqttSettings.TLS_FILE_NAMES);
            throw e;
        }
        String base = program + "-" + suffix;
        if (replica.isEmpty()) {
            return base;
        }
        int room = MqttSettings.MAX_CLIENT_ID_LENGTH - base.length() - 1;
        String tail = replica.get();
        return base + "-" + (tail.length() > room ? tail.substring(tail.length() - room) : tail);
    }

    /** {@code NAME.clientid} for {@code NAME.crt}, as certgen writes them. */
    private Path besideCertificate(Path certFile) {
        String name = certFile.getFileName().toString();
        if (!name.endsWith(CERTIFICATE_EXTENSION) || name.length() == CERTIFICATE_EXTENSION.length()) {
            throw new ConfigException(MqttSettings.CLIENT_ID, unset() + " the suffix file beside " + MqttSettings.CERT_FILE + "=" + certFile
                    + ", NAME" + SUFFIX_EXTENSION + " for NAME" + CERTIFICATE_EXTENSION + ", but that file is not named NAME" + CERTIFICATE_EXTENSION
                    + "; set " + SUFFIX_FILE + " to the identity's " + SUFFIX_EXTENSION + " file, or set " + MqttSettings.CLIENT_ID);
        }
        return certFile.resolveSibling(name.substring(0, name.length() - CERTIFICATE_EXTENSION.length()) + SUFFIX_EXTENSION);
    }

    private String readSuffix(Path file, String variable) {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw problem(variable, file, "does not exist; certgen writes it beside the certificate, deliver it with the key");
        } catch (AccessDeniedException e) {
            throw problem(variable, file, "cannot be read by " + FileAccess.currentUser() + " ("
                    + FileAccess.describeOwnership(file) + "); give it to the user the program runs as, like the key");
        } catch (IOException e) {
            throw problem(variable, file, "cannot be read: " + e.getMessage());
        }
        String text = new String(content, StandardCharsets.ISO_8859_1); // every byte maps: no decoding error
        if (content.length > MAX_FILE_BYTES || !SUFFIX.matcher(text).matches()) {
            // Not the content in the message: it may be the secret, slightly damaged.
            throw problem(variable, file, "does not hold a suffix as certgen writes it (" + SUFFIX_LENGTH
                    + " characters from a-z and 0-9, then a newline; found " + content.length + (content.length > MAX_FILE_BYTES ? "+" : "")
                    + " bytes)");
        }
        return text.substring(0, SUFFIX_LENGTH);
    }

    private ConfigException problem(String variable, Path file, String what) {
        return new ConfigException(variable, unset() + " the client id suffix file " + file
                + (variable.equals(SUFFIX_FILE) ? " (" + SUFFIX_FILE + ")" : "") + ", which " + what
                + "; or set " + MqttSettings.CLIENT_ID + " (a client id another identity can guess lets it take our session)");
    }

    private String unset() {
        return MqttSettings.CLIENT_ID + " is not set, so the client id is " + program + "-<secret suffix>"
                + (replica.isPresent() ? "-<replica>" : "") + ", which needs";
    }
}
