package io.securemqtt.bench;

import java.nio.charset.StandardCharsets;

/**
 * Message bodies that both kinds of client can send byte for byte: printable ASCII without a
 * newline, because mosquitto_pub -l publishes each line of its input without the newline.
 */
final class Payloads {

    private Payloads() {
    }

    /** Exactly {@code size} bytes of printable ASCII ('!' to '~'), always the same for a size. */
    static byte[] of(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('!' + i % 94);
        }
        return payload;
    }

    /**
     * A latency probe of exactly {@code size} bytes: {@code "<seq> <intendedNanos> "} and padding.
     * The time is when the message was due, not when it went out, so a stall of the sender counts.
     */
    static byte[] stamped(long seq, long intendedNanos, int size) {
        byte[] head = (seq + " " + intendedNanos + " ").getBytes(StandardCharsets.US_ASCII);
        if (head.length > size) {
            throw new IllegalArgumentException("a " + size + "-byte payload cannot carry " + head.length + " bytes of stamp");
        }
        byte[] payload = of(size);
        System.arraycopy(head, 0, payload, 0, head.length);
        return payload;
    }

    /** The (sequence number, intended send time) of a {@link #stamped} payload; null if it is not one. */
    static long[] readStamp(byte[] payload, int length) {
        int firstSpace = indexOf(payload, length, 0);
        int secondSpace = firstSpace < 0 ? -1 : indexOf(payload, length, firstSpace + 1);
        if (secondSpace < 0) {
            return null;
        }
        try {
            long seq = Long.parseLong(new String(payload, 0, firstSpace, StandardCharsets.US_ASCII));
            long nanos = Long.parseLong(new String(payload, firstSpace + 1, secondSpace - firstSpace - 1, StandardCharsets.US_ASCII));
            return new long[] {seq, nanos};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, int length, int from) {
        for (int i = from; i < length; i++) {
            if (bytes[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}
