package io.securemqtt.certgen.pki;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The secret half of a client identity's default MQTT client id, {@code <identity>-<suffix>}, kept
 * in {@code NAME.clientid} beside {@code NAME.key} and delivered only with it.
 *
 * <p>Why: Mosquitto skips authentication plugins when {@code use_identity_as_username} is on, so
 * nothing on the broker ties a client id to a certificate, and any other certificate holder who
 * connects with a client id takes over that session. A client id no one else can guess closes
 * that door without a broker change. 20 characters from 36 give 103 bits (log2(36^20)), out of
 * reach of guessing; lower case letters and digits are valid in every MQTT client id, file name
 * and log line.
 *
 * <p>The file is one line: the suffix, then {@code \n}. It is kept across renewals and re-issues
 * (the client id, and with it the broker's session, survive them) and removed with the key on
 * revocation.
 *
 * @param value the 20 characters
 */
public record ClientIdSuffix(String value) {

    /** The number of characters. */
    public static final int LENGTH = 20;

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public ClientIdSuffix {
        if (!isValid(value)) {
            throw new IllegalArgumentException("a client id suffix is " + LENGTH + " characters from a-z and 0-9");
        }
    }

    /** A new suffix from a {@link SecureRandom}. */
    public static ClientIdSuffix random() {
        StringBuilder suffix = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new ClientIdSuffix(suffix.toString());
    }

    /** The suffix a {@code NAME.clientid} file holds, if it holds exactly one as certgen writes it. */
    public static Optional<ClientIdSuffix> parse(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1); // every byte maps: no charset error
        if (text.length() != LENGTH + 1 || text.charAt(LENGTH) != '\n') {
            return Optional.empty();
        }
        String value = text.substring(0, LENGTH);
        return isValid(value) ? Optional.of(new ClientIdSuffix(value)) : Optional.empty();
    }

    /** What {@code NAME.clientid} holds. */
    public byte[] fileContent() {
        return (value + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The suffix is a secret: it is never printed by accident. */
    @Override
    public String toString() {
        return "ClientIdSuffix[" + LENGTH + " characters]";
    }

    private static boolean isValid(String value) {
        return value != null && value.length() == LENGTH && value.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }
}
