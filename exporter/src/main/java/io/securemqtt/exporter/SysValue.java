package io.securemqtt.exporter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code $SYS} payload may be, checked before anything is kept. Every payload is network
 * input: its size is checked before it is decoded, and a value that is not what its topic carries
 * is refused with the reason, never turned into a number or a label by chance.
 */
enum SysValue {

    /** A whole number, as Mosquitto prints its counts: digits only. */
    COUNT {
        @Override
        Parsed parse(String text) {
            return wholeNumber(text);
        }
    },
    /** {@code N seconds}, as Mosquitto prints its uptime. */
    UPTIME {
        @Override
        Parsed parse(String text) {
            Matcher matcher = UPTIME_FORMAT.matcher(text);
            if (!matcher.matches()) {
                return Parsed.refused("not 'N seconds'");
            }
            return wholeNumber(matcher.group(1));
        }
    },
    /**
     * {@code mosquitto version 2.1.2}: the version alone becomes the label, so it may hold only
     * letters, digits and {@code . _ + ~ -}, at most {@link #MAX_VERSION_LENGTH} of them.
     */
    VERSION {
        @Override
        Parsed parse(String text) {
            String version = text.startsWith(VERSION_PREFIX) ? text.substring(VERSION_PREFIX.length()) : text;
            if (version.isEmpty()) {
                return Parsed.refused("empty");
            }
            if (version.length() > MAX_VERSION_LENGTH) {
                return Parsed.refused("longer than " + MAX_VERSION_LENGTH + " characters");
            }
            if (!VERSION_CHARACTERS.matcher(version).matches()) {
                return Parsed.refused("characters other than A-Z a-z 0-9 . _ + ~ -");
            }
            return Parsed.text(version);
        }
    };

    /**
     * Longer payloads are refused unread: room for the version line with the longest version
     * allowed. Mosquitto's longest value on a kept topic is its version line, some 25 bytes.
     */
    static final int MAX_PAYLOAD_BYTES = 128;
    static final int MAX_VERSION_LENGTH = 64;
    /** 2^53: above it a double no longer holds every whole number, so the count would be wrong. */
    static final long LARGEST_EXACT = 1L << 53;
    static final String VERSION_PREFIX = "mosquitto version ";

    private static final Pattern UPTIME_FORMAT = Pattern.compile("(\\S{1,20}) seconds");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern VERSION_CHARACTERS = Pattern.compile("[A-Za-z0-9._+~-]+");

    /** A payload's value, or why it was refused. */
    record Parsed(double number, String text, String problem) {

        static Parsed number(double number) {
            return new Parsed(number, null, null);
        }

        static Parsed text(String text) {
            return new Parsed(Double.NaN, text, null);
        }

        static Parsed refused(String problem) {
            return new Parsed(Double.NaN, null, problem);
        }

        boolean ok() {
            return problem == null;
        }
    }

    /** The value of {@code payload}, checked: its size first, then its encoding, then its form. */
    Parsed read(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return Parsed.refused("empty");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return Parsed.refused("longer than " + MAX_PAYLOAD_BYTES + " bytes (" + payload.length + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return Parsed.refused("not UTF-8");
        }
        return parse(text);
    }

    abstract Parsed parse(String text);

    private static Parsed wholeNumber(String text) {
        if (text.startsWith("-")) {
            return Parsed.refused("negative");
        }
        if (!DIGITS.matcher(text).matches()) {
            return Parsed.refused("not a whole number");
        }
        // 2^53 has 16 digits: more is too large, and Long.parseLong would overflow at 20.
        if (text.length() > 16 || Long.parseLong(text) > LARGEST_EXACT) {
            return Parsed.refused("larger than " + LARGEST_EXACT);
        }
        return Parsed.number(Long.parseLong(text));
    }
}
